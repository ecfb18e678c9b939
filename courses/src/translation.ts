import { report, type LoadContext } from './context.js';
import { COURSE_FILE, loadCourseFolder } from './course.js';
import { loadDrillTranslations } from './drill-translation.js';
import { isFile, join, subdirs } from './files.js';
import type { ParsedModule } from './module.js';
import { readFileSync } from 'node:fs';
import { englishChange, sourceVersion } from './source-version.js';
import type {
  Course,
  CourseTranslation,
  Drill,
  Framework,
  Module,
  Question,
  StaleTranslation,
  TranslatedModule,
  TranslationCoverage,
} from './types.js';
import type { Path } from './yaml-source.js';

/** Two-letter folders at the root hold translations: `es/<course-slug>/`, `es/competencies.yaml`. */
export const LANG_DIR = /^[a-z]{2}$/;

/**
 * Loads every `<lang>/<slug>/` folder into its course's `translations` (and its `drills/` into the English
 * drills' `translations`), checking that the learner's answers grade the same in every language. Returns
 * every translated module read (for link checks).
 */
export function loadTranslations(
  ctx: LoadContext,
  courses: Course[],
  drills: Drill[],
): { modules: Module[]; stale: StaleTranslation[] } {
  const translated: Module[] = [];
  const stale: StaleTranslation[] = [];
  for (const lang of subdirs(ctx.root).filter((d) => LANG_DIR.test(d))) {
    for (const slug of subdirs(join(ctx.root, lang)))
      translated.push(...loadTranslation(ctx, courses, drills, lang, slug, stale));
  }
  return { modules: translated, stale };
}

/**
 * Compares a translation's recorded `source` with its English file now; when they differ, returns the
 * stale entry (with the English's first changed line and update day when git history can tell).
 */
export function checkSource(
  ctx: LoadContext,
  lang: string,
  file: string,
  englishFile: string,
  recorded: string | undefined,
): StaleTranslation | null {
  const current = sourceVersion(readFileSync(join(ctx.root, englishFile), 'utf8'));
  if (recorded === current) return null;
  const { line, updatedOn } = englishChange(ctx.root, englishFile, recorded);
  return {
    lang,
    file,
    englishFile,
    line,
    englishUpdatedOn: updatedOn,
    ...(recorded !== undefined && { recorded }),
    current,
  };
}

/** Per language: how many English modules, course pages and drills have a (loaded) translation, and the framework. */
export function translationCoverage(
  courses: Course[],
  drills: Drill[],
  stale: StaleTranslation[],
  framework: Framework,
): TranslationCoverage[] {
  const langs = [
    ...new Set([
      ...courses.flatMap((c) => Object.keys(c.translations)),
      ...drills.flatMap((d) => Object.keys(d.translations)),
      ...Object.keys(framework.translations),
    ]),
  ].sort();
  const modules = courses.reduce((n, c) => n + c.modules.length, 0);
  return langs.map((lang) => ({
    lang,
    modules: {
      translated: courses.reduce(
        (n, c) => n + c.modules.filter((m) => c.translations[lang]?.modules[m.id]).length,
        0,
      ),
      total: modules,
    },
    coursePages: {
      translated: courses.filter((c) => c.translations[lang]).length,
      total: courses.length,
    },
    drills: {
      translated: drills.filter((d) => Object.hasOwn(d.translations, lang)).length,
      total: drills.length,
    },
    framework: {
      translated: lang in framework.translations,
      stale: Boolean(framework.translations[lang]?.behind),
    },
    stale: stale.filter((s) => s.lang === lang).length,
  }));
}

function loadTranslation(
  ctx: LoadContext,
  courses: Course[],
  drills: Drill[],
  lang: string,
  slug: string,
  stale: StaleTranslation[],
): Module[] {
  const dir = `${lang}/${slug}`;
  const course = courses.find((c) => c.slug === slug);
  const hasCourseFile = isFile(join(ctx.root, dir, COURSE_FILE));
  if (!course || !hasCourseFile) {
    const file = hasCourseFile ? `${dir}/${COURSE_FILE}` : dir;
    const message = course
      ? `translation folder has no ${COURSE_FILE}`
      : `translation of unknown course "${slug}"`;
    report(ctx, file, 1, message);
    return [];
  }
  loadDrillTranslations(ctx, lang, slug, drills, stale);
  const folder = loadCourseFolder(ctx, dir, slug, lang);
  if (!folder) return [];
  const modules = folder.modules.filter((m) => matchesOriginal(m, course));
  for (const { module: m } of modules) {
    const original = course.modules.find((o) => o.slug === m.slug);
    const s = original && checkSource(ctx, lang, m.file, original.file, m.source);
    if (s) {
      stale.push(s);
      m.behind = { englishUpdatedOn: s.englishUpdatedOn };
    }
  }
  const { title, summary, welcome } = folder.head;
  const page = checkSource(ctx, lang, folder.head.file, course.file, folder.head.source);
  if (page) stale.push(page);
  course.translations[lang] = {
    lang,
    title,
    summary,
    welcome,
    ...(page && { behind: { englishUpdatedOn: page.englishUpdatedOn } }),
    modules: byId(modules.map((m) => m.module)),
  };
  return folder.modules.map((m) => m.module);
}

function byId(modules: Module[]): CourseTranslation['modules'] {
  return Object.fromEntries(
    modules.map(({ courseSlug: _, ...m }): [string, TranslatedModule] => [m.id, m]),
  );
}

type Mismatch = [Path, string];

/** A translation must grade like the original: same module id, question ids, choice ids and answers. */
function matchesOriginal({ module: t, reader: r }: ParsedModule, course: Course): boolean {
  const original = course.modules.find((m) => m.slug === t.slug);
  if (!original) {
    r.reportLine(1, `translates module "${t.slug}", which course "${course.slug}" does not have`);
    return false;
  }
  const mismatches = moduleMismatches(t, original);
  mismatches.forEach(([path, message]) => r.report(path, message));
  return !mismatches.length;
}

function moduleMismatches(t: Module, o: Module): Mismatch[] {
  const out: Mismatch[] = [];
  if (t.id !== o.id) out.push([['id'], `id "${t.id}" differs from the original's "${o.id}"`]);
  if (t.minutes !== o.minutes) {
    out.push([['minutes'], `minutes ${t.minutes} differ from the original's ${o.minutes}`]);
  }
  if (t.quiz.length !== o.quiz.length) {
    out.push([['quiz'], `quiz has ${t.quiz.length} questions; the original has ${o.quiz.length}`]);
  }
  t.quiz.forEach((q, i) => {
    const oq = o.quiz[i];
    if (oq) out.push(...questionMismatches(['quiz', i], q, oq));
  });
  return out;
}

function questionMismatches(at: Path, q: Question, o: Question): Mismatch[] {
  const out: Mismatch[] = [];
  if (q.id !== o.id)
    out.push([[...at, 'id'], `question id "${q.id}" differs from the original's "${o.id}"`]);
  const ids = q.choices.map((c) => c.id).join(', ');
  const originalIds = o.choices.map((c) => c.id).join(', ');
  if (ids !== originalIds) {
    out.push([
      [...at, 'choices'],
      `choice ids (${ids}) differ from the original's (${originalIds})`,
    ]);
  }
  if (q.answer !== o.answer) {
    out.push([[...at, 'answer'], `answer "${q.answer}" differs from the original's "${o.answer}"`]);
  }
  return out;
}
