import { report, type LoadContext } from './context.js';
import { COURSE_FILE, loadCourseFolder } from './course.js';
import { DRILLS_DIR } from './drill.js';
import { isFile, join, markdownNames, subdirs } from './files.js';
import type { ParsedModule } from './module.js';
import type { Course, CourseTranslation, Module, Question, TranslatedModule } from './types.js';
import type { Path } from './yaml-source.js';

/** Two-letter folders at the root hold translations: `es/<course-slug>/`. */
export const LANG_DIR = /^[a-z]{2}$/;

/**
 * Loads every `<lang>/<slug>/` folder into its course's `translations`, checking that the learner's
 * answers grade the same in every language. Returns every translated module read (for link checks).
 */
export function loadTranslations(ctx: LoadContext, courses: Course[]): Module[] {
  const translated: Module[] = [];
  for (const lang of subdirs(ctx.root).filter((d) => LANG_DIR.test(d))) {
    for (const slug of subdirs(join(ctx.root, lang)))
      translated.push(...loadTranslation(ctx, courses, lang, slug));
  }
  return translated;
}

function loadTranslation(
  ctx: LoadContext,
  courses: Course[],
  lang: string,
  slug: string,
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
  reportDrills(ctx, dir);
  const folder = loadCourseFolder(ctx, dir, slug, lang);
  if (!folder) return [];
  const modules = folder.modules.filter((m) => matchesOriginal(m, course));
  const { title, summary, welcome } = folder.head;
  course.translations[lang] = {
    lang,
    title,
    summary,
    welcome,
    modules: byId(modules.map((m) => m.module)),
  };
  return folder.modules.map((m) => m.module);
}

/** Drills are not translated yet; say so rather than silently ignoring a writer's work. */
function reportDrills(ctx: LoadContext, dir: string): void {
  for (const name of markdownNames(join(ctx.root, dir, DRILLS_DIR))) {
    report(ctx, `${dir}/${DRILLS_DIR}/${name}.md`, 1, 'translated drills are not supported yet');
  }
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
