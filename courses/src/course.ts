import type { LoadContext } from './context.js';
import { isFile, join, markdownNames } from './files.js';
import { readMarkdownFile } from './front-matter.js';
import { loadModule, type ParsedModule } from './module.js';
import type { Reader } from './reader.js';
import { CATEGORIES, type Category, type Course } from './types.js';

export const COURSE_FILE = 'course.md';
const KEYS = [
  'slug',
  'title',
  'summary',
  'lang',
  'category',
  'modules',
  'competencies',
  'pass_mark',
  'source',
];
const LANG = /^[a-z]{2}$/;

/** A course as read from its course.md, before its modules and translations are attached. */
export type CourseHead = Omit<Course, 'modules' | 'translations'>;

/** A course folder: course.md and its modules, as an original course or as a translation. */
export interface CourseFolder {
  head: CourseHead;
  modules: ParsedModule[];
}

/**
 * Loads `<dir>/course.md` and the modules it lists. `lang` is given for a translation folder. Returns
 * null when course.md is unusable, after still checking the folder's module files.
 */
export function loadCourseFolder(
  ctx: LoadContext,
  dir: string,
  slug: string,
  lang?: string,
): CourseFolder | null {
  const md = readMarkdownFile(ctx, `${dir}/${COURSE_FILE}`);
  const head = md ? readHead(md.reader, slug, lang, md.body) : null;
  // A translation's course page may come before any of its modules (`modules: []`): the page is then in
  // the language and each module is shown in English until it is translated.
  const none = lang !== undefined && md !== null && isEmptyList(md.reader.get(['modules']));
  const listed = md ? (none ? [] : listedModules(ctx, md.reader, dir)) : null;
  const names = listed ?? moduleFiles(ctx, dir);
  if (md && listed) reportUnlisted(ctx, md.reader, dir, listed);
  const modules = names
    .map((name) => loadModule(ctx, `${dir}/${name}.md`, slug, head?.lang ?? lang ?? 'en'))
    .filter((m): m is ParsedModule => m !== null);
  return head ? { head, modules } : null;
}

const isEmptyList = (v: unknown) => Array.isArray(v) && v.length === 0;

function readHead(r: Reader, slug: string, lang: string | undefined, body: string): CourseHead {
  r.onlyKeys([], KEYS);
  const head: CourseHead = {
    slug: r.string(['slug']),
    title: r.string(['title']),
    summary: r.string(['summary']),
    lang: readLang(r, lang),
    category: readCategory(r),
    competencies: r.competencies(['competencies']),
    passMark: r.number(['pass_mark'], 0, 1),
    welcome: body.trim(),
    file: r.file,
  };
  const source = r.optString(['source']);
  if (source !== undefined) head.source = source;
  if (head.slug && head.slug !== slug) {
    r.report(['slug'], `slug "${head.slug}" does not match the folder name "${slug}"`);
  }
  return head;
}

function readLang(r: Reader, expected: string | undefined): string {
  const lang = r.string(['lang']);
  if (lang && !LANG.test(lang))
    r.report(['lang'], `lang "${lang}" must be a two-letter language code`);
  else if (lang && expected && lang !== expected) {
    r.report(['lang'], `lang "${lang}" does not match the folder "${expected}"`);
  }
  return lang;
}

function readCategory(r: Reader): Category {
  const value = r.string(['category']);
  const category = CATEGORIES.find((c) => c === value);
  if (value && !category)
    r.report(['category'], `category "${value}" must be one of ${CATEGORIES.join(', ')}`);
  return category ?? 'elective';
}

/** The `modules:` list, with repeats and names of missing files reported and left out; null when unreadable. */
function listedModules(ctx: LoadContext, r: Reader, dir: string): string[] | null {
  const names = r.strings(['modules']);
  const raw = r.get(['modules']);
  if (!Array.isArray(raw)) return null;
  const kept: string[] = [];
  raw.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !names.includes(name)) return;
    const exists = isFile(join(ctx.root, dir, `${name}.md`));
    if (kept.includes(name)) r.report(['modules', i], `module "${name}" is listed twice`);
    else if (!exists) r.report(['modules', i], `module file "${name}.md" does not exist`);
    else kept.push(name);
  });
  return kept;
}

/** A module file nobody lists would never be shown, which is almost always a forgotten edit. */
function reportUnlisted(ctx: LoadContext, r: Reader, dir: string, listed: string[]): void {
  for (const name of moduleFiles(ctx, dir)) {
    if (!listed.includes(name))
      r.report(['modules'], `module file "${name}.md" is not listed in "modules"`);
  }
}

function moduleFiles(ctx: LoadContext, dir: string): string[] {
  return markdownNames(join(ctx.root, dir)).filter((name) => name !== 'course');
}
