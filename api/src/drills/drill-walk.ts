import type { Drill, DrillNode, Framework } from '@kindred/courses';
import { invalid } from '../common/errors.js';

/** One decision as it was made: a snapshot, so a later content edit cannot rewrite a past debrief. */
export interface PathStep {
  node: string;
  choice: number;
  text: string;
  score: number;
  feedback: string;
  comp: string | null;
  flag: string | null;
  /** the best score any choice at this node offered, for per-competency bars */
  best: number;
  target: string;
}

/** What the browser may see of a node before choosing: the situation and the choices' text only. */
export interface NodeView {
  id: string;
  text: string;
  choices: { index: number; text: string }[];
}

export function nodeView(node: DrillNode): NodeView {
  return {
    id: node.id,
    text: node.text,
    choices: node.choices.map((c) => ({ index: c.index, text: c.text })),
  };
}

export function nodeOf(drill: Drill, id: string): DrillNode {
  const node = drill.nodes[id];
  if (!node) throw new Error(`drill ${drill.id} has no node ${id}`);
  return node;
}

/** Takes one choice at a node; a bad index is the caller's mistake, named as the `choice` field. */
export function choose(
  drill: Drill,
  nodeId: string,
  index: number,
): { step: PathStep; next: DrillNode } {
  const node = nodeOf(drill, nodeId);
  if (node.end)
    throw invalid('choice', 'This drill is already finished; start a new attempt to play it again');
  const c = node.choices[index];
  if (!Number.isInteger(index) || !c)
    throw invalid('choice', `choice must be one of 0 to ${node.choices.length - 1}`);
  const step: PathStep = {
    node: node.id,
    choice: index,
    text: c.text,
    score: c.score,
    feedback: c.feedback,
    comp: c.comp ?? null,
    flag: c.flag ?? null,
    best: Math.max(...node.choices.map((x) => x.score)),
    target: c.target,
  };
  return { step, next: nodeOf(drill, c.target) };
}

export interface CompetencyScore {
  competencyId: string;
  earned: number;
  possible: number;
  /** 0..1 */
  share: number;
}

/** Per competency: the points earned on choices tagged with it, against the best choice at those same nodes. */
export function competencyScores(path: PathStep[]): CompetencyScore[] {
  const by = new Map<string, { earned: number; possible: number }>();
  for (const s of path) {
    if (!s.comp) continue;
    const acc = by.get(s.comp) ?? { earned: 0, possible: 0 };
    acc.earned += s.score;
    acc.possible += Math.max(s.best, 0);
    by.set(s.comp, acc);
  }
  return [...by.entries()]
    .map(([competencyId, a]) => ({
      competencyId,
      ...a,
      share: a.possible > 0 ? clamp01(a.earned / a.possible) : 0,
    }))
    .sort((a, b) => a.competencyId.localeCompare(b.competencyId));
}

export const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
export const totalScore = (path: PathStep[]) => path.reduce((sum, s) => sum + s.score, 0);
export const flagsOf = (path: PathStep[]) => [
  ...new Set(path.flatMap((s) => (s.flag ? [s.flag] : []))),
];

/** The level a drill can show on its own: the framework's cap for drills when passed, the lowest level otherwise. */
export function drillLevel(framework: Framework, passed: boolean): string {
  const lowest = framework.scale[0].id;
  if (!passed) return lowest;
  return framework.rules.drill ?? lowest;
}

/** The lower of two scale levels (the scale is ordered lowest to highest). */
export function capLevel(framework: Framework, level: string, cap: string): string {
  const ids = framework.scale.map((s) => s.id);
  return ids.indexOf(level) <= ids.indexOf(cap) ? level : cap;
}

export function levelGrade(framework: Framework, level: string): number {
  const ids = framework.scale.map((s) => s.id);
  return ids.length > 1 ? ids.indexOf(level) / (ids.length - 1) : 0;
}
