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
/** The CE-minute basis (courses/README.md): reading at WORDS_PER_MINUTE, the reflection, each question. */
export const REFLECTION_MINUTES = 5;
export const MINUTES_PER_QUESTION = 1;

/** What a module counts for in continuing education, from its reading, reflection and questions. */
export function minutesBasis(m: Pick<Module, 'wordCount' | 'quiz'>): {
  reading: number;
  reflection: number;
  questions: number;
  minutes: number;
} {
  const reading = Math.ceil(m.wordCount / WORDS_PER_MINUTE);
  const questions = m.quiz.length * MINUTES_PER_QUESTION;
  const sum = reading + REFLECTION_MINUTES + questions;
  const minutes = Math.min(MINUTES.max, Math.max(MINUTES.min, Math.ceil(sum / 5) * 5));
  return { reading, reflection: REFLECTION_MINUTES, questions, minutes };
}

/**
 * An original module's `minutes` must be its basis: CE hours are counted from it, so an estimate that
 * is too high overstates the credit and one too low hides the work. (A translation carries the
 * original's minutes: the checker compares them.)
 */
export function checkMinutesBasis(r: Reader, m: Module): void {
  if (m.minutes < MINUTES.min || m.minutes > MINUTES.max) return; // out of range: reported already
  const b = minutesBasis(m);
  if (b.minutes === m.minutes) return;
  r.report(
    ['minutes'],
    `minutes ${m.minutes} differ from the CE-minute basis ${b.minutes}: reading ${b.reading} ` +
      `(${m.wordCount} words at ${WORDS_PER_MINUTE} a minute) + reflection ${b.reflection} + ` +
      `${b.questions} for ${m.quiz.length} questions, rounded up to 5 (courses/README.md)`,
  );
}

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
