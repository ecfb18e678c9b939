import { contentHash } from './hash.js';
import { readMarkdownFile } from './front-matter.js';
import { wordCount } from './markdown.js';
import { readQuiz } from './quiz.js';
import type { Reader } from './reader.js';
import type { LoadContext } from './context.js';
import type { Module } from './types.js';

export const MINUTES = { min: 15, max: 40 };
/** Reading speed budget: a module may ask for at most this many words per minute it claims. */
export const WORDS_PER_MINUTE = 120;

const KEYS = [
  'id',
  'lang',
  'title',
  'minutes',
  'objectives',
  'competencies',
  'content_note',
  'reflection',
  'quiz',
  'source',
];

export interface ParsedModule {
  module: Module;
  /** kept so callers can report later findings (duplicates, translation drift) at the right line */
  reader: Reader;
}

/** Loads one module file (relative to the root); null when its front matter is unusable. */
export function loadModule(
  ctx: LoadContext,
  file: string,
  courseSlug: string,
  lang: string,
): ParsedModule | null {
  const md = readMarkdownFile(ctx, file);
  if (!md) return null;
  const r = md.reader;
  r.onlyKeys([], KEYS);
  checkLang(r, lang);
  const competencies = r.competencies(['competencies']);
  const module: Module = {
    id: r.string(['id']),
    slug: fileSlug(file),
    courseSlug,
    title: r.string(['title']),
    minutes: r.integer(['minutes'], MINUTES.min, MINUTES.max),
    objectives: r.strings(['objectives']),
    competencies,
    contentNote: r.optString(['content_note']),
    reflection: r.string(['reflection']),
    quiz: readQuiz(r, competencies),
    body: md.body,
    bodyLine: md.bodyLine,
    hash: contentHash(md.text),
    file,
    wordCount: wordCount(md.body),
  };
  const source = r.optString(['source']);
  if (source !== undefined) module.source = source;
  if (module.contentNote === undefined) delete module.contentNote;
  checkWordBudget(r, module);
  return { module, reader: r };
}

/** `lang` is optional in a module, but when given it must agree with its folder. */
function checkLang(r: Reader, lang: string): void {
  const value = r.optString(['lang']);
  if (value !== undefined && value !== lang) {
    r.report(['lang'], `lang "${value}" does not match the course folder's "${lang}"`);
  }
}

function checkWordBudget(r: Reader, m: Module): void {
  const budget = m.minutes * WORDS_PER_MINUTE;
  if (m.minutes > 0 && m.wordCount > budget) {
    r.reportLine(
      m.bodyLine,
      `body has ${m.wordCount} words, over the budget of ${budget} for ${m.minutes} minutes`,
    );
  }
}

export function fileSlug(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.md$/, '');
}
