import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadPathways, loadPrograms, type Pathway } from '@kindred/certificates';
import { ContentService } from '../content/content.service.js';

const require = createRequire(import.meta.url);
const certificatesRoot = () => join(dirname(require.resolve('@kindred/certificates')), '..');

/** The pathways of certificates/pathways/, checked at start against the course content and the programs: a bad file stops the start. */
@Injectable()
export class PathwayDefinitions implements OnModuleInit {
  private pathways: Pathway[] = [];
  levels: string[] = [];

  constructor(private readonly content: ContentService) {}

  onModuleInit(): void {
    const { catalog } = this.content;
    this.levels = catalog.framework.scale.map((s) => s.id);
    const { programs } = loadPrograms(join(certificatesRoot(), 'programs'));
    const { pathways, problems } = loadPathways(join(certificatesRoot(), 'pathways'), {
      competencyIds: new Set(catalog.framework.competencies.map((c) => c.id)),
      courseSlugs: new Set(catalog.courses.map((c) => c.slug)),
      drillIds: new Set(catalog.drills.map((d) => d.id)),
      levels: this.levels,
      programs: new Map(programs.map((p) => [p.slug, p.validityMonths])),
    });
    if (problems.length)
      throw new Error(
        `pathways have problems:\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`,
      );
    this.pathways = pathways;
    new Logger('Pathways').log(`${pathways.length} pathway(s) loaded`);
  }

  list(): Pathway[] {
    return this.pathways;
  }

  get(slug: string): Pathway | undefined {
    return this.pathways.find((p) => p.slug === slug);
  }

  /** The pathway and stage a certificate program stands for. */
  forProgram(programSlug: string): { pathway: Pathway; stageIndex: number } | undefined {
    for (const pathway of this.pathways) {
      const stageIndex = pathway.stages.findIndex((s) => s.program === programSlug);
      if (stageIndex >= 0) return { pathway, stageIndex };
    }
    return undefined;
  }
}
