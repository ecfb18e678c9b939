import type { Drill } from '@kindred/courses';
import { HOUR_MS } from '@kindred/certificates/dates';

/**
 * Drill analysis: how the attempts at a branching drill went, node by node.
 *
 * Over the attempts of the drill's current version (node ids and scores can change with an edit):
 * - reached(node): attempts whose path made a choice at the node, or that are open at it now.
 * - chosen(node, choice): attempts that took the choice there; share = chosen / Σ chosen at the node.
 * - left(node): open attempts waiting at the node, untouched for LEFT_AFTER_HOURS or more (one still
 *   being played has not left).
 * - unsafe choices: the flagged choices (touch, under-escalation, …) taken at least once, most taken first.
 * - score distribution: finished attempts per total score, with the pass mark.
 * Over every version: finished attempts, passed, pass rate = passed / finished.
 *
 * A group is reported only with at least `minAttempts` attempts made by at least `threshold` people;
 * otherwise it carries no figure (null).
 */

/** An open attempt untouched this long counts as left where it waits. */
export const LEFT_AFTER_HOURS = 24;

/**
 * Fewest attempts before a drill (or one version's pass rate) is reported, as for knowledge-check items:
 * below 10 one attempt moves a share by more than 10 points.
 */
export const MIN_DRILL_ATTEMPTS = 10;

export interface AnalysedAttempt {
  volunteerId: string;
  hash: string;
  status: 'open' | 'finished';
  currentNode: string;
  path: { node: string; choice: number }[];
  score: number;
  passed: boolean | null;
  startedAt: Date;
  updatedAt: Date;
}

export interface NodeChoiceStats {
  index: number;
  text: string;
  score: number;
  flag: string | null;
  chosen: number;
  /** chosen / every choice made at this node; null when nobody chose here */
  share: number | null;
}

export interface NodeStats {
  node: string;
  reached: number;
  left: number;
  choices: NodeChoiceStats[];
}

export interface UnsafeChoice {
  node: string;
  index: number;
  text: string;
  flag: string;
  chosen: number;
  share: number | null;
}

export interface VersionOutcome {
  number: number;
  version: string;
  current: boolean;
  since: string;
  /** null: fewer than minAttempts finished attempts, or from fewer than threshold people */
  finished: number | null;
  passed: number | null;
  passRate: number | null;
}

export interface DrillAnalysis {
  drillId: string;
  title: string;
  passMark: number;
  /** attempts at the current version; null when made by 1 to threshold − 1 people */
  attempts: number | null;
  /** false: too few attempts or people, and nodes, unsafe and scores are null */
  reported: boolean;
  nodes: NodeStats[] | null;
  unsafe: UnsafeChoice[] | null;
  scores: { score: number; attempts: number }[] | null;
  versions: VersionOutcome[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const enough = (as: AnalysedAttempt[], minAttempts: number, threshold: number) =>
  as.length >= minAttempts && new Set(as.map((a) => a.volunteerId)).size >= threshold;

export function analyseDrill(
  drill: Drill,
  attempts: AnalysedAttempt[],
  now: Date,
  minAttempts: number,
  threshold: number,
): DrillAnalysis {
  const current = attempts.filter((a) => a.hash === drill.hash);
  const people = new Set(current.map((a) => a.volunteerId)).size;
  const reported = enough(current, minAttempts, threshold);
  const leftBefore = now.getTime() - LEFT_AFTER_HOURS * HOUR_MS;

  let nodes: NodeStats[] | null = null;
  let unsafe: UnsafeChoice[] | null = null;
  let scores: DrillAnalysis['scores'] = null;
  if (reported) {
    nodes = Object.values(drill.nodes)
      .filter((n) => !n.end)
      .map((n) => {
        const steps = current.flatMap((a) => a.path.filter((s) => s.node === n.id));
        const decided = steps.length;
        return {
          node: n.id,
          reached: current.filter(
            (a) =>
              a.path.some((s) => s.node === n.id) ||
              (a.status === 'open' && a.currentNode === n.id),
          ).length,
          left: current.filter(
            (a) =>
              a.status === 'open' && a.currentNode === n.id && a.updatedAt.getTime() <= leftBefore,
          ).length,
          choices: n.choices.map((c) => {
            const chosen = steps.filter((s) => s.choice === c.index).length;
            return {
              index: c.index,
              text: c.text,
              score: c.score,
              flag: c.flag ?? null,
              chosen,
              share: decided ? round3(chosen / decided) : null,
            };
          }),
        };
      });
    unsafe = nodes
      .flatMap((n, order) =>
        n.choices
          .filter((c) => c.flag !== null && c.chosen > 0)
          .map((c) => ({
            order,
            node: n.node,
            index: c.index,
            text: c.text,
            flag: c.flag as string,
            chosen: c.chosen,
            share: c.share,
          })),
      )
      // most taken first; a tie in the order the drill meets them
      .sort((a, b) => b.chosen - a.chosen || a.order - b.order || a.index - b.index)
      .map(({ order: _order, ...c }) => c);
    const by = new Map<number, number>();
    for (const a of current.filter((x) => x.status === 'finished'))
      by.set(a.score, (by.get(a.score) ?? 0) + 1);
    scores = [...by.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([score, n]) => ({ score, attempts: n }));
  }

  const hashes = [...new Set(attempts.map((a) => a.hash))];
  const since = (h: string) =>
    Math.min(...attempts.filter((a) => a.hash === h).map((a) => a.startedAt.getTime()));
  hashes.sort((a, b) => since(a) - since(b));
  const versions = hashes.map((h, i) => {
    const finished = attempts.filter((a) => a.hash === h && a.status === 'finished');
    const shown = enough(finished, minAttempts, threshold);
    const passed = finished.filter((a) => a.passed).length;
    return {
      number: i + 1,
      version: h,
      current: h === drill.hash,
      since: new Date(since(h)).toISOString().slice(0, 10),
      finished: shown ? finished.length : null,
      passed: shown ? passed : null,
      passRate: shown ? round3(passed / finished.length) : null,
    };
  });

  return {
    drillId: drill.id,
    title: drill.title,
    passMark: drill.pass,
    attempts: people >= threshold || people === 0 ? current.length : null,
    reported,
    nodes,
    unsafe,
    scores,
    versions,
  };
}
