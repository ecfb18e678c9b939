import type { Catalog } from '@kindred/courses';

/** Where a module stands in one language. */
export type TranslationState = 'current' | 'behind' | 'missing';

export interface TranslationStatus {
  languages: {
    lang: string;
    modules: { translated: number; total: number };
    coursePages: { translated: number; total: number };
    drills: { translated: number; total: number };
    framework: { translated: boolean; stale: boolean };
    /** translations made from an older English */
    stale: number;
  }[];
  courses: {
    slug: string;
    title: string;
    modules: { id: string; title: string; states: { lang: string; state: TranslationState }[] }[];
  }[];
  /** each translation behind its English: which file, from which English line, since when */
  stale: {
    lang: string;
    file: string;
    englishFile: string;
    line: number | null;
    englishUpdatedOn: string | null;
  }[];
}

/** What the coordinators' translation page shows, from the loaded content (`pnpm courses:check` says the same). */
export function translationStatus(catalog: Catalog): TranslationStatus {
  const langs = catalog.coverage.map((c) => c.lang);
  return {
    languages: catalog.coverage.map((c) => ({
      lang: c.lang,
      modules: c.modules,
      coursePages: c.coursePages,
      drills: c.drills,
      framework: c.framework,
      stale: c.stale,
    })),
    courses: catalog.courses.map((course) => ({
      slug: course.slug,
      title: course.title,
      modules: course.modules.map((m) => ({
        id: m.id,
        title: m.title,
        states: langs.map((lang) => {
          const t = course.translations[lang]?.modules[m.id];
          const state: TranslationState = !t ? 'missing' : t.behind ? 'behind' : 'current';
          return { lang, state };
        }),
      })),
    })),
    stale: catalog.stale.map((s) => ({
      lang: s.lang,
      file: s.file,
      englishFile: s.englishFile,
      line: s.line,
      englishUpdatedOn: s.englishUpdatedOn,
    })),
  };
}
