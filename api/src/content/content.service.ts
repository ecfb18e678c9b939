import { Injectable } from '@nestjs/common';
import { contentDir } from './content-dir.js';
import {
  formatProblem,
  loadContent,
  localizeFramework,
  type Catalog,
  type Framework,
} from '@kindred/courses';

/** Content that fails the checker: the API refuses to start with it. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(
    readonly dir: string,
    readonly lines: string[],
  ) {
    super(
      `course content in ${dir} has ${lines.length} problem(s):\n` +
        lines.map((l) => '  ' + l).join('\n'),
    );
  }
}

export { contentDir, contentDir as coursesDir } from './content-dir.js';

const loaded = new Map<string, Catalog>();

/** Loads the content once per process and folder; content that fails `pnpm courses:check` stops the start, naming each problem. */
export function loadCatalog(dir = contentDir({})): Catalog {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const catalog = loadContent(dir);
  if (catalog.problems.length) throw new ContentError(dir, catalog.problems.map(formatProblem));
  loaded.set(dir, catalog);
  return catalog;
}

/** The validated course catalog (courses, modules, drills, competency framework), read at boot. */
@Injectable()
export class ContentService {
  constructor(readonly catalog: Catalog) {}

  /** The competency framework with its texts in `lang` (English per field where a translation lacks one). */
  framework(lang = 'en'): Framework {
    return localizeFramework(this.catalog.framework, lang);
  }

  competency(id: string, lang = 'en') {
    return this.framework(lang).competencies.find((c) => c.id === id);
  }

  drill(id: string) {
    return this.catalog.drills.find((d) => d.id === id);
  }

  /** A drill's title in `lang` where it is translated, else in English; undefined for an unknown id. */
  drillTitle(id: string, lang = 'en'): string | undefined {
    const d = this.drill(id);
    return d && (Object.hasOwn(d.translations, lang) ? d.translations[lang].title : d.title);
  }

  course(slug: string) {
    return this.catalog.courses.find((c) => c.slug === slug);
  }
}
