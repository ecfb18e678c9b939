import type { Reader } from './reader.js';
import type { DrillNode } from './types.js';

export const START = 'start';

/** Structural checks: the drill starts at `start`, every node is reachable and can reach an ending. */
export function checkDrillGraph(
  r: Reader,
  nodes: DrillNode[],
  malformed: ReadonlySet<string>,
): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const first = nodes[0];
  if (first && first.id !== START)
    r.reportLine(first.line, `the first node must be "${START}" (found "${first.id}")`);
  nodes.forEach((n) => checkNodeShape(r, n, byId, malformed));
  const reached = reachableFrom(START, byId);
  const unreached = byId.has(START) ? nodes.filter((n) => !reached.has(n.id)) : [];
  unreached.forEach((n) =>
    r.reportLine(n.line, `node "${n.id}" cannot be reached from "${START}"`),
  );
  const canEnd = nodesThatCanEnd(nodes, byId);
  nodes
    .filter((n) => !n.end && n.choices.length && !malformed.has(n.id) && !canEnd.has(n.id))
    .forEach((n) => r.reportLine(n.line, `no ending can be reached from node "${n.id}"`));
}

function checkNodeShape(
  r: Reader,
  n: DrillNode,
  byId: Map<string, DrillNode>,
  malformed: ReadonlySet<string>,
): void {
  for (const c of n.choices) {
    if (!byId.has(c.target))
      r.reportLine(c.line, `choice target "${c.target}" is not a node of this drill`);
  }
  if (n.end && n.choices[0])
    r.reportLine(n.choices[0].line, `ending "${n.id}" cannot have choices`);
  if (!n.end && !n.choices.length && !malformed.has(n.id)) {
    r.reportLine(
      n.line,
      `node "${n.id}" has no choices and is not an ending (\`## END:name {outcome: …}\`)`,
    );
  }
}

function reachableFrom(start: string, byId: Map<string, DrillNode>): Set<string> {
  const seen = new Set<string>();
  const queue = byId.has(start) ? [start] : [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    for (const c of byId.get(id)?.choices ?? []) if (byId.has(c.target)) queue.push(c.target);
  }
  return seen;
}

/** Walks the edges backwards from every ending. */
function nodesThatCanEnd(nodes: DrillNode[], byId: Map<string, DrillNode>): Set<string> {
  const canEnd = new Set(nodes.filter((n) => n.end).map((n) => n.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (canEnd.has(n.id) || !n.choices.some((c) => canEnd.has(c.target) && byId.has(c.target)))
        continue;
      canEnd.add(n.id);
      grew = true;
    }
  }
  return canEnd;
}

export interface PathStats {
  maxScore: number;
  decisionCount: number;
  /** whether any path from start reaches an ending; the other two are 0 when none does */
  ended: boolean;
}

/** Guards the path search: drills are small, but a pathological graph must not hang the checker. */
const MAX_STEPS = 100_000;

/**
 * The best score and the most decisions over paths from start to an ending that visit no node twice
 * (a loop back can only repeat choices already counted).
 */
export function pathStats(nodes: Record<string, DrillNode>): PathStats {
  const stats: PathStats = { maxScore: 0, decisionCount: 0, ended: false };
  let steps = 0;
  const walk = (id: string, score: number, decisions: number, seen: Set<string>): void => {
    const node = nodes[id];
    if (!node || seen.has(id) || ++steps > MAX_STEPS) return;
    if (node.end) {
      stats.maxScore = stats.ended ? Math.max(stats.maxScore, score) : score;
      stats.decisionCount = Math.max(stats.decisionCount, decisions);
      stats.ended = true;
      return;
    }
    seen.add(id);
    for (const c of node.choices) walk(c.target, score + c.score, decisions + 1, seen);
    seen.delete(id);
  };
  walk(START, 0, 0, new Set());
  return stats;
}
