import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { FRAMEWORK_FILE } from '@kindred/courses';
import { loadPrograms, type Program } from '@kindred/certificates';

const require = createRequire(import.meta.url);
const packageRoot = (name: string) => join(dirname(require.resolve(name)), '..');

interface Framework {
  id: string;
  title: string;
  names: Map<string, string>;
}

function readFramework(): Framework {
  const file = join(packageRoot('@kindred/courses'), FRAMEWORK_FILE);
  const data = existsSync(file)
    ? (parse(readFileSync(file, 'utf8')) as {
        framework?: { id?: string; title?: string };
        competencies?: { id: string; name?: string }[];
      })
    : {};
  return {
    id: data.framework?.id ?? 'kindred-peer-support',
    title: data.framework?.title ?? 'Kindred peer support competencies',
    names: new Map((data.competencies ?? []).map((c) => [c.id, c.name ?? c.id])),
  };
}

/** The certificate programs of certificates/programs/, validated against the competency framework at start. */
@Injectable()
export class ProgramsService implements OnModuleInit {
  private programs = new Map<string, Program>();
  framework: Framework = { id: '', title: '', names: new Map() };

  onModuleInit(): void {
    this.framework = readFramework();
    const known = this.framework.names.size ? new Set(this.framework.names.keys()) : undefined;
    const { programs, problems } = loadPrograms(
      join(packageRoot('@kindred/certificates'), 'programs'),
      known,
    );
    if (problems.length) {
      throw new Error(
        `certificate programs have problems:\n${problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`,
      );
    }
    this.programs = new Map(programs.map((p) => [p.slug, p]));
    new Logger('Programs').log(`${programs.length} certificate programs loaded`);
  }

  list(): Program[] {
    return [...this.programs.values()];
  }

  get(slug: string): Program | undefined {
    return this.programs.get(slug);
  }
}
