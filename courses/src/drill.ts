import type { LoadContext } from './context.js';
import { parseDrillNodes } from './drill-body.js';
import { checkDrillGraph, pathStats, START } from './drill-graph.js';
import { readMarkdownFile } from './front-matter.js';
import { contentHash } from './hash.js';
import { claimId } from './ids.js';
import { fileSlug } from './module.js';
import type { Reader } from './reader.js';
import type { Drill, DrillNode } from './types.js';

export const DRILLS_DIR = 'drills';
const KEYS = [
  'id',
  'title',
  'setting',
  'competencies',
  'content_note',
  'minutes',
  'pass',
  'strong_path',
  'reflection',
];

/** Loads one drill file (relative to the root); null when its front matter is unusable. */
export function loadDrill(ctx: LoadContext, file: string, courseSlug: string): Drill | null {
  const md = readMarkdownFile(ctx, file);
  if (!md) return null;
  const r = md.reader;
  r.onlyKeys([], KEYS);
  const { nodes, malformed } = parseDrillNodes(ctx, r, md.body, md.bodyLine);
  if (!nodes.length)
    r.reportLine(md.bodyLine, `a drill needs nodes: \`## ${START}\`, choices, and endings`);
  checkDrillGraph(r, nodes, malformed);
  const byId = Object.fromEntries(nodes.map((n): [string, DrillNode] => [n.id, n]));
  const { maxScore, decisionCount, ended } = pathStats(byId);
  const hash = contentHash(md.text);
  const drill: Drill = {
    ...readFields(r),
    courseSlug,
    start: START,
    nodes: byId,
    file,
    hash,
    decisionCount,
    maxScore,
  };
  checkId(ctx, r, drill);
  if (ended) checkPass(r, drill);
  return drill;
}

type DrillFields = Omit<
  Drill,
  'courseSlug' | 'start' | 'nodes' | 'file' | 'hash' | 'decisionCount' | 'maxScore'
>;

function readFields(r: Reader): DrillFields {
  const fields: DrillFields = {
    id: r.string(['id']),
    title: r.string(['title']),
    setting: r.string(['setting']),
    competencies: r.competencies(['competencies']),
    contentNote: r.optString(['content_note']),
    minutes: r.integer(['minutes'], 1),
    pass: r.integer(['pass']),
    strongPath: r.string(['strong_path']),
    reflection: r.string(['reflection']),
  };
  if (fields.contentNote === undefined) delete fields.contentNote;
  return fields;
}

/** The file is named after the id (`drills/<id>.md`), and ids are unique across all courses. */
function checkId(ctx: LoadContext, r: Reader, drill: Drill): void {
  const name = fileSlug(drill.file);
  if (drill.id && drill.id !== name)
    r.report(['id'], `id "${drill.id}" does not match the file name "${name}.md"`);
  claimId(ctx.drillIds, r, drill.id, 'drill');
}

/** A pass mark no path can reach would fail every learner. */
function checkPass(r: Reader, drill: Drill): void {
  if (r.has(['pass']) && drill.pass > drill.maxScore) {
    r.report(['pass'], `pass ${drill.pass} is more than the best possible score ${drill.maxScore}`);
  }
}
