/**
 * Item analysis of a knowledge check, as Moodle's quiz statistics do it, over a set of attempts.
 *
 * - facility p: the share of attempts that answered the item right.
 * - discrimination r: the point-biserial correlation of the item (1 right, 0 wrong) with the REST of the
 *   score (the attempt's score without this item, so the item does not correlate with itself):
 *     r = (M1 − M0) / s × √(p × (1 − p))
 *   M1, M0: mean rest score of the attempts that got the item right, wrong; s: the standard deviation of
 *   the rest scores over all attempts (population, divided by n). Undefined (null) when everyone got the
 *   item right or wrong (p is 0 or 1) or every rest score is the same (s = 0).
 * - wrong choices: how often each wrong option was chosen.
 */

export interface AnalysedQuestion {
  id: string;
  prompt: string;
  answer: string;
  choices: { id: string; text: string }[];
}

export type ItemFlag = 'too_easy' | 'too_hard' | 'negative_discrimination' | 'low_discrimination';

export interface ItemStats {
  questionId: string;
  prompt: string;
  facility: number;
  discrimination: number | null;
  wrongChoices: { choiceId: string; text: string; count: number }[];
  flags: ItemFlag[];
}

/**
 * Fewest attempts before an item is reported: below 10 one attempt moves the facility by more than 10
 * points, and a correlation over fewer than 10 pairs is mostly noise (Moodle's own statistics warn on
 * small samples for the same reason).
 */
export const MIN_ATTEMPTS = 10;
export const TOO_EASY = 0.9;
export const TOO_HARD = 0.3;
export const LOW_DISCRIMINATION = 0.2;

export function analyseItems(
  quiz: AnalysedQuestion[],
  attempts: Record<string, string>[],
): ItemStats[] {
  const n = attempts.length;
  const right = attempts.map((a) => quiz.map((q) => (a[q.id] === q.answer ? 1 : 0)));
  const totals = right.map((r) => r.reduce<number>((s, x) => s + x, 0));
  return quiz.map((q, j) => {
    const x = right.map((r) => r[j]);
    const rest = totals.map((t, i) => t - x[i]);
    const nRight = x.reduce<number>((s, v) => s + v, 0);
    const p = n ? nRight / n : 0;
    const mean = rest.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(rest.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    let r: number | null = null;
    if (nRight > 0 && nRight < n && sd > 0) {
      const m1 = rest.filter((_, i) => x[i] === 1).reduce((s, v) => s + v, 0) / nRight;
      const m0 = rest.filter((_, i) => x[i] === 0).reduce((s, v) => s + v, 0) / (n - nRight);
      r = ((m1 - m0) / sd) * Math.sqrt(p * (1 - p));
    }
    const flags: ItemFlag[] = [];
    if (p > TOO_EASY) flags.push('too_easy');
    if (p < TOO_HARD) flags.push('too_hard');
    if (r !== null && r < 0) flags.push('negative_discrimination');
    else if (r !== null && r < LOW_DISCRIMINATION) flags.push('low_discrimination');
    return {
      questionId: q.id,
      prompt: q.prompt,
      facility: p,
      discrimination: r,
      wrongChoices: q.choices
        .filter((c) => c.id !== q.answer)
        .map((c) => ({
          choiceId: c.id,
          text: c.text,
          count: attempts.filter((a) => a[q.id] === c.id).length,
        })),
      flags,
    };
  });
}
