import { requiredScore } from './grading.js';
import { CHOICE_COUNT } from './quiz.js';
import type { Reader } from './reader.js';
import type { Course, Module, Question } from './types.js';

// Test-wise learners pick the longest choice when they do not know: a knowledge check whose key is
// usually the longest choice measures that habit, not judgment. Per module the checker counts how often
// the key is the longest choice (longer than every other) and how many points "always pick the longest" would earn
// (a tie of k longest choices earns 1/k), and fails a module where that strategy passes or where the key
// is the longest in more than MAX_KEY_LONGEST of the items. Items also need exactly four choices.

export const MAX_KEY_LONGEST = 0.4;
export const CHOICES_PER_ITEM = 4;

export interface QuizCueStats {
  moduleId: string;
  items: number;
  /** items whose key is longer than every other choice */
  keyLongest: number;
  /** expected points of "always pick the longest choice" */
  longestPoints: number;
  /** points the module's pass mark asks for */
  required: number;
  longestPasses: boolean;
  /** items without exactly CHOICES_PER_ITEM choices */
  notFour: number;
}

const length = (text: string): number => text.trim().length;

function longestShare(q: Question): { keyLongest: boolean; points: number } {
  const max = Math.max(...q.choices.map((c) => length(c.text)));
  const longest = q.choices.filter((c) => length(c.text) === max);
  const inLongest = longest.some((c) => c.id === q.answer);
  return {
    keyLongest: inLongest && longest.length === 1,
    points: inLongest ? 1 / longest.length : 0,
  };
}

export function quizCueStats(module: Pick<Module, 'id' | 'quiz'>, passMark: number): QuizCueStats {
  const shares = module.quiz.filter((q) => q.choices.length).map(longestShare);
  const longestPoints = shares.reduce((n, s) => n + s.points, 0);
  const required = requiredScore(passMark, module.quiz.length);
  return {
    moduleId: module.id,
    items: module.quiz.length,
    keyLongest: shares.filter((s) => s.keyLongest).length,
    longestPoints,
    required,
    longestPasses: required > 0 && longestPoints >= required - 1e-9,
    // a count outside CHOICE_COUNT is already reported by the quiz reader
    notFour: module.quiz.filter(
      (q) =>
        q.choices.length !== CHOICES_PER_ITEM &&
        q.choices.length >= CHOICE_COUNT.min &&
        q.choices.length <= CHOICE_COUNT.max,
    ).length,
  };
}

/** The rule's findings for one module, as messages; empty when it passes. */
export function quizCueFindings(s: QuizCueStats): string[] {
  const out: string[] = [];
  if (s.items && s.keyLongest / s.items > MAX_KEY_LONGEST)
    out.push(
      `the key is the longest choice in ${s.keyLongest} of ${s.items} items (${percent(s.keyLongest, s.items)}; at most ${MAX_KEY_LONGEST * 100} %)`,
    );
  if (s.longestPasses)
    out.push(
      `always picking the longest choice passes this check (${round(s.longestPoints)} of ${s.items}, ${s.required} needed)`,
    );
  if (s.notFour)
    out.push(`${s.notFour} of ${s.items} items do not have ${CHOICES_PER_ITEM} choices`);
  return out;
}

/** Reports the rule's findings at the module's `quiz` field. */
export function checkQuizCues(r: Reader, module: Module, passMark: number): void {
  for (const f of quizCueFindings(quizCueStats(module, passMark)))
    r.report(['quiz'], `knowledge check: ${f}`);
}

/** The lines `courses:check` prints: per module, then overall. */
export function quizCueReport(courses: Course[]): string[] {
  const rows = courses.flatMap((c) => c.modules.map((m) => quizCueStats(m, c.passMark)));
  const items = rows.reduce((n, s) => n + s.items, 0);
  const keyLongest = rows.reduce((n, s) => n + s.keyLongest, 0);
  const passing = rows.filter((s) => s.longestPasses).length;
  return [
    'quiz cues: key is the longest choice · "always pick the longest" score',
    ...rows.map(
      (s) =>
        `  ${s.moduleId}: ${s.keyLongest}/${s.items} (${percent(s.keyLongest, s.items)}) · ${round(s.longestPoints)}/${s.items}, ${s.required} to pass: ${s.longestPasses ? 'PASSES' : 'fails'}`,
    ),
    `  overall: key longest in ${keyLongest}/${items} (${percent(keyLongest, items)}) · "always longest" passes ${passing} of ${rows.length} modules`,
  ];
}

const percent = (n: number, of: number): string => `${of ? Math.round((100 * n) / of) : 0} %`;
const round = (n: number): string => String(Math.round(n * 10) / 10);
