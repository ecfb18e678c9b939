import { resolve } from 'node:path';
import { report, newContext, type LoadContext } from './context.js';
import { COURSE_FILE, loadCourseFolder } from './course.js';
import { DRILLS_DIR, loadDrill } from './drill.js';
import { checkDrillSafety } from './drill-safety.js';
import { isDir, isFile, join, markdownNames, subdirs } from './files.js';
import { emptyFramework, loadFramework } from './framework.js';
import { loadFrameworkTranslations } from './framework-translation.js';
import { claimId } from './ids.js';
import { checkLinks, checkMarkup } from './links.js';
import { sortProblems } from './problems.js';
import { checkDrillPrivacy, checkModulePrivacy, checkQuizPrivacy } from './privacy-script.js';
import { checkQuizCues } from './quiz-cues.js';
import { LANG_DIR, loadTranslations, translationCoverage } from './translation.js';
import { checkMinutesBasis } from './module.js';
import type { Catalog, Course, Drill } from './types.js';

/** Folders at the root that are never courses (code, build output, translations). */
const NOT_COURSES = new Set(['es', 'src', 'test', 'dist', 'node_modules']);

/**
 * Loads and checks all course content under `root`. Never throws on content problems: they are
 * collected in `problems` (sorted by file and line), and content with problems must not be served.
 */
export function loadContent(root: string): Catalog {
  const ctx = newContext(resolve(root));
  if (!isDir(ctx.root)) {
    report(ctx, '.', 1, `content root "${root}" is not a folder`);
    return {
      framework: emptyFramework(),
      courses: [],
      drills: [],
      problems: ctx.problems,
      stale: [],
      coverage: [],
    };
  }
  const framework = loadFramework(ctx);
  const loaded = courseSlugs(ctx.root).map((slug) => loadCourse(ctx, slug));
  const courses = loaded.map((l) => l.course).filter((c): c is Course => c !== null);
  const drills = loaded.flatMap((l) => l.drills);
  const { modules: translated, stale } = loadTranslations(ctx, courses, drills);
  loadFrameworkTranslations(ctx, framework, stale);
  checkLinks(
    ctx,
    courses.flatMap((c) => c.modules),
    translated,
  );
  checkMarkup(ctx, [...courses.flatMap((c) => c.modules), ...translated]);
  // Safety rules read the graph, which a translation shares with its English drill (checked above).
  checkDrillSafety(ctx, drills);
  return {
    framework,
    courses,
    drills,
    problems: sortProblems(ctx.problems),
    stale,
    coverage: translationCoverage(courses, drills, stale, framework),
  };
}

function courseSlugs(root: string): string[] {
  return subdirs(root).filter(
    (d) => !NOT_COURSES.has(d) && !LANG_DIR.test(d) && isFile(join(root, d, COURSE_FILE)),
  );
}

interface LoadedCourse {
  course: Course | null;
  drills: Drill[];
}

function loadCourse(ctx: LoadContext, slug: string): LoadedCourse {
  const folder = loadCourseFolder(ctx, slug, slug);
  folder?.modules.forEach(({ module, reader }) =>
    claimId(ctx.moduleIds, reader, module.id, 'module'),
  );
  const drills = loadDrills(ctx, slug);
  if (!folder) return { course: null, drills: [] };
  folder.modules.forEach(({ module, reader }) => {
    checkQuizCues(reader, module, folder.head.passMark);
    checkMinutesBasis(reader, module);
    checkModulePrivacy(ctx, module);
    checkQuizPrivacy(reader, module);
  });
  drills.forEach((d) => checkDrillPrivacy(ctx, d));
  const course: Course = {
    ...folder.head,
    modules: folder.modules.map((m) => m.module),
    translations: {},
  };
  return { course, drills };
}

function loadDrills(ctx: LoadContext, slug: string): Drill[] {
  return markdownNames(join(ctx.root, slug, DRILLS_DIR))
    .map((name) => loadDrill(ctx, `${slug}/${DRILLS_DIR}/${name}.md`, slug))
    .filter((d): d is Drill => d !== null);
}
