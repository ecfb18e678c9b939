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

/** What a translation adds to the English keys: its language and the English version it was made from. */
const TRANSLATION_KEYS = ['lang', 'source'];

/** Loads one drill file (relative to the root); null when its front matter is unusable. */
export function loadDrill(ctx: LoadContext, file: string, courseSlug: string): Drill | null {
  const parsed = parseDrill(ctx, file, courseSlug, KEYS);
  if (!parsed) return null;
  claimId(ctx.drillIds, parsed.reader, parsed.drill.id, 'drill');
  return parsed.drill;
}

export interface ParsedDrill {
  drill: Drill;
  /** in file order (the record `drill.nodes` may not keep it for number-like ids) */
  nodes: DrillNode[];
  reader: Reader;
  bodyLine: number;
}

/**
 * Loads a translated drill (`<lang>/<course>/drills/<id>.md`) with the same checks as an English one,
 * except that its id is the English drill's (not claimed again); `lang` must match the folder.
 */
export function loadDrillTranslation(
  ctx: LoadContext,
  file: string,
  courseSlug: string,
  lang: string,
): ParsedDrill | null {
  const parsed = parseDrill(ctx, file, courseSlug, [...KEYS, ...TRANSLATION_KEYS]);
  if (!parsed) return null;
  const r = parsed.reader;
  const written = r.optString(['lang']);
  if (written !== undefined && written !== lang)
    r.report(['lang'], `lang "${written}" does not match the translation folder's "${lang}"`);
  return parsed;
}

function parseDrill(
  ctx: LoadContext,
  file: string,
  courseSlug: string,
  keys: string[],
): ParsedDrill | null {
  const md = readMarkdownFile(ctx, file);
  if (!md) return null;
  const r = md.reader;
  r.onlyKeys([], keys);
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
    translations: {},
  };
  checkId(r, drill);
  if (ended) checkPass(r, drill);
  return { drill, nodes, reader: r, bodyLine: md.bodyLine };
}

type DrillFields = Omit<
  Drill,
  'courseSlug' | 'start' | 'nodes' | 'file' | 'hash' | 'decisionCount' | 'maxScore' | 'translations'
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

/** The file is named after the id (`drills/<id>.md`); ids are unique across all courses (loadDrill). */
function checkId(r: Reader, drill: Drill): void {
  const name = fileSlug(drill.file);
  if (drill.id && drill.id !== name)
    r.report(['id'], `id "${drill.id}" does not match the file name "${name}.md"`);
}

/** A pass mark no path can reach would fail every learner. */
function checkPass(r: Reader, drill: Drill): void {
  if (r.has(['pass']) && drill.pass > drill.maxScore) {
    r.report(['pass'], `pass ${drill.pass} is more than the best possible score ${drill.maxScore}`);
  }
}
