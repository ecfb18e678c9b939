import { Injectable } from '@nestjs/common';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadContent, type Catalog } from '@kindred/courses';

export class ContentError extends Error {}

/** Where the course content lives: KINDRED_COURSES_DIR, or the repository's courses/ folder. */
export function contentDir(env = process.env): string {
  return env.KINDRED_COURSES_DIR ? resolve(env.KINDRED_COURSES_DIR) : resolve(dirname(fileURLToPath(import.meta.url)), '../../../courses');
}

/** Loads the content once; content that fails `pnpm courses:check` stops the start, naming each problem. */
export function loadCatalog(dir = contentDir()): Catalog {
  const catalog = loadContent(dir);
  if (catalog.problems.length) {
    throw new ContentError(`course content in ${dir} has ${catalog.problems.length} problem(s):\n` + catalog.problems.map((p) => '  ' + formatProblem(p)).join('\n'));
  }
  return catalog;
}

/** The validated course catalog (courses, modules, drills, competency framework), read at boot. */
@Injectable()
export class ContentService {
  constructor(readonly catalog: Catalog) {}

  competency(id: string) {
    return this.catalog.framework.competencies.find((c) => c.id === id);
  }

  drill(id: string) {
    return this.catalog.drills.find((d) => d.id === id);
  }

  course(slug: string) {
    return this.catalog.courses.find((c) => c.slug === slug);
  }
}
