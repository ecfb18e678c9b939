import { report, type LoadContext } from './context.js';
import { START } from './drill-graph.js';
import type { Drill, DrillChoice, DrillNode } from './types.js';

// The scoring and review rules every drill follows, so that drills agree with each other and with the
// incident tiers the de-escalation course teaches:
// - a situation node may say which tier it is at (`## curb {tier: 3}`), a choice which tier it acts on
//   (`tier: 3` = calls 911). A choice below its situation's tier misses a danger (under-escalation); a
//   choice above it over-calls.
// - missing a danger always costs more than over-calling, in every drill (compared across the catalog),
//   and no path through a missed danger reaches the pass mark.
// - safety-critical choices carry a flag from SAFETY_FLAGS. The API sends every attempt whose path holds a
//   flag to the supervisor's review queue whatever the score (api/src/drills/drills.service.ts).
// - endings agree with what led to them; every Tier 3 situation offers a rewarded Tier 3 call, and some
//   drill has a mistake-free path that makes one (so a learner who plays well practices Tier 3).

/** Flags of safety-critical choices: the attempt goes to supervisor review whatever the score. */
export const SAFETY_FLAGS = [
  'touch',
  'immigration-status',
  'confidentiality-breach',
  'under-escalation',
] as const;
export const OVER_CALL_FLAG = 'over-escalation';

/** Old spellings of the safety flags: one name per kind, so a rule cannot be dodged by a synonym. */
const RENAMED: Record<string, string> = {
  physical: 'touch',
  restraint: 'touch',
  grab: 'touch',
  grabbing: 'touch',
  statusquestion: 'immigration-status',
  immigration: 'immigration-status',
  breach: 'confidentiality-breach',
  confidentiality: 'confidentiality-breach',
  missed: 'under-escalation',
  missedrisk: 'under-escalation',
  underescalation: 'under-escalation',
  underescalating: 'under-escalation',
  delay: 'under-escalation',
  overescalation: OVER_CALL_FLAG,
  overescalating: OVER_CALL_FLAG,
  overcalled: OVER_CALL_FLAG,
};

/** Choice texts that describe a safety-critical act, which a negative-scored choice must flag. */
const CUES: [flag: string, pattern: RegExp][] = [
  [
    'touch',
    /\b(grab|grabs|hug|hugs|hold (her|his|their|them|him)|put (a|your) hand|hand on (her|his|their)|arm around|pull (her|him|them) (back|away)|take (her|his|their) (arm|hand))\b/i,
  ],
  [
    'immigration-status',
    /\b(immigration|papers|documents|documented|legal status|citizen|citizenship|green card|visa)\b/i,
  ],
];

const isSafetyFlag = (flag: string | undefined): boolean =>
  (SAFETY_FLAGS as readonly string[]).includes(flag ?? '');

interface Placed {
  drill: Drill;
  node: DrillNode;
  choice: DrillChoice;
}

const nodeTier = (n: DrillNode): number => n.tier ?? 1;
const choiceTier = (c: DrillChoice): number => c.tier ?? 1;
/** Below the situation's tier, or flagged as missing a danger (e.g. moving past "better off without me"). */
const isUnder = (p: Placed): boolean =>
  choiceTier(p.choice) < nodeTier(p.node) || p.choice.flag === 'under-escalation';
const isOver = (p: Placed): boolean => choiceTier(p.choice) > nodeTier(p.node);

export function checkDrillSafety(ctx: LoadContext, drills: Drill[]): void {
  const placed = drills.flatMap((drill) =>
    Object.values(drill.nodes).flatMap((node) =>
      node.choices.map((choice): Placed => ({ drill, node, choice })),
    ),
  );
  for (const p of placed) checkChoice(ctx, p);
  checkCost(
    ctx,
    placed.filter(isUnder),
    placed.filter((p) => isOver(p) && !isSafetyFlag(p.choice.flag)),
  );
  let practised = false;
  for (const drill of drills) {
    checkEndings(ctx, drill);
    if (checkPaths(ctx, drill)) practised = true;
  }
  const tier3 = drills.find((d) => Object.values(d.nodes).some((n) => nodeTier(n) === 3));
  if (tier3 && !practised)
    report(
      ctx,
      tier3.file,
      1,
      'no drill has a mistake-free path that makes a Tier 3 call (`tier: 3`): a learner who plays well must practice one',
    );
}

function checkChoice(ctx: LoadContext, { drill, node, choice }: Placed): void {
  const at = (message: string) => report(ctx, drill.file, choice.line, message);
  const flag = choice.flag;
  if (flag !== undefined && RENAMED[flag])
    at(`flag "${flag}": use "${RENAMED[flag]}" (one name per kind of safety-critical choice)`);
  const under = choiceTier(choice) < nodeTier(node);
  const over = choiceTier(choice) > nodeTier(node);
  if (under && !isSafetyFlag(flag))
    at(
      `this choice stays below Tier ${nodeTier(node)} in a Tier ${nodeTier(node)} situation: flag it "under-escalation" so the attempt goes to supervisor review`,
    );
  if (flag === OVER_CALL_FLAG && !over)
    at(
      `flagged "${OVER_CALL_FLAG}", but its \`tier\` is not above the situation's (Tier ${nodeTier(node)})`,
    );
  if (over && flag !== undefined && flag !== OVER_CALL_FLAG && !isSafetyFlag(flag))
    at(`an over-call is flagged "${OVER_CALL_FLAG}" or not at all (found "${flag}")`);
  if (choice.score < 0 && !isSafetyFlag(flag)) {
    const cue = CUES.find(([, pattern]) => pattern.test(choice.text));
    if (cue)
      at(
        `a negative choice that reads as safety-critical ("${cue[1].exec(choice.text)?.[0] ?? ''}") must be flagged "${cue[0]}"`,
      );
  }
}

/** Across all drills: every missed danger scores lower than every over-call. */
function checkCost(ctx: LoadContext, under: Placed[], over: Placed[]): void {
  const cheapestOver = over.reduce<Placed | null>(
    (low, p) => (!low || p.choice.score < low.choice.score ? p : low),
    null,
  );
  if (!cheapestOver) return;
  for (const p of under) {
    if (p.choice.score < cheapestOver.choice.score) continue;
    report(
      ctx,
      p.drill.file,
      p.choice.line,
      `missing a danger must cost more than over-calling: this choice scores ${p.choice.score}, the over-call at ${cheapestOver.drill.file}:${cheapestOver.choice.line} scores ${cheapestOver.choice.score}`,
    );
  }
}

function checkEndings(ctx: LoadContext, drill: Drill): void {
  const nodes = Object.values(drill.nodes);
  for (const end of nodes.filter((n) => n.end)) {
    const at = (message: string) => report(ctx, drill.file, end.line, message);
    const outcome = end.end?.outcome;
    const entering = nodes.flatMap((n) =>
      n.choices.filter((c) => c.target === end.id).map((choice) => ({ node: n, choice })),
    );
    if (outcome === 'unsafe' && !end.end?.review)
      at(`an unsafe ending needs \`review: true\` (${end.id})`);
    const flagged = entering.find((e) => isSafetyFlag(e.choice.flag));
    if (flagged && outcome === 'resolved')
      at(
        `${end.id} is "resolved", but the safety-critical choice at line ${flagged.choice.line} leads here: use unsafe (or escalated) with \`review: true\``,
      );
    if (flagged && !end.end?.review)
      at(
        `the safety-critical choice at line ${flagged.choice.line} leads to ${end.id}: the ending needs \`review: true\``,
      );
    const called = entering.find((e) => choiceTier(e.choice) === 3);
    if (called && outcome !== 'escalated' && outcome !== 'unsafe')
      at(
        `the Tier 3 call at line ${called.choice.line} leads to ${end.id}: its outcome is "escalated" (or "unsafe")`,
      );
  }
}

interface Walk {
  score: number;
  /** whether a flagged or negative choice was made */
  mistake: boolean;
  called: boolean;
  under: DrillChoice[];
}

/** Guards the path search, as in drill-graph. */
const MAX_STEPS = 100_000;

/** Checks every path of the drill; true when a mistake-free path makes a Tier 3 call. */
function checkPaths(ctx: LoadContext, drill: Drill): boolean {
  const nodes = drill.nodes;
  const uncalled = new Set<DrillNode>();
  const underBest = new Map<DrillChoice, number>();
  let best: Walk | null = null;
  let cleanCall = false;
  let steps = 0;
  const walk = (id: string, w: Walk, seen: Set<string>): void => {
    const node = nodes[id] as DrillNode | undefined;
    if (!node || seen.has(id) || ++steps > MAX_STEPS) return;
    if (node.end) {
      for (const c of w.under) underBest.set(c, Math.max(underBest.get(c) ?? -Infinity, w.score));
      if (!best || w.score > best.score || (w.score === best.score && !w.mistake)) best = w;
      if (w.called && !w.mistake) cleanCall = true;
      if (node.end.outcome === 'escalated' && !w.called) uncalled.add(node);
      return;
    }
    seen.add(id);
    for (const c of node.choices) {
      walk(
        c.target,
        {
          score: w.score + c.score,
          mistake: w.mistake || c.score < 0 || c.flag !== undefined,
          called: w.called || choiceTier(c) === 3,
          under: isUnder({ drill, node, choice: c }) ? [...w.under, c] : w.under,
        },
        seen,
      );
    }
    seen.delete(id);
  };
  walk(START, { score: 0, mistake: false, called: false, under: [] }, new Set());
  for (const node of uncalled)
    report(
      ctx,
      drill.file,
      node.line,
      `${node.id} is "escalated" (emergency services called), but a path reaches it without a Tier 3 choice (\`tier: 3\`)`,
    );
  for (const [c, score] of underBest) {
    if (score >= drill.pass)
      report(
        ctx,
        drill.file,
        c.line,
        `a path through this missed danger still reaches the pass mark (${score} ≥ ${drill.pass})`,
      );
  }
  const bestWalk = best as Walk | null;
  if (bestWalk?.mistake)
    report(
      ctx,
      drill.file,
      1,
      `the best-scoring path (${bestWalk.score}) makes a flagged or negative choice: the strong path must be mistake-free`,
    );
  for (const node of Object.values(nodes).filter((n) => nodeTier(n) === 3 && !n.end)) {
    if (!node.choices.some((c) => choiceTier(c) === 3 && c.score > 0 && c.flag === undefined))
      report(
        ctx,
        drill.file,
        node.line,
        `"${node.id}" is a Tier 3 situation, but none of its choices is a rewarded, unflagged Tier 3 call (\`tier: 3\`)`,
      );
  }
  return cleanCall;
}
