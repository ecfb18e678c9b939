import { Reader } from './reader.js';
import type { LoadContext } from './context.js';
import { OUTCOMES, type DrillChoice, type DrillEnd, type DrillNode } from './types.js';
import { YamlSource } from './yaml-source.js';

const HEADING = /^##(?!#)\s*(.*?)\s*$/;
const NODE_HEADING = /^(END:)?([A-Za-z0-9_-]+)\s*(\{.*\})?$/;
const CHOICE = /^\*\s+\[(.*?)\]\s*(\{.*\})\s*->\s*(\S+)\s*$/;
/** `* [` starts a choice; so does a bullet with an arrow, which is a choice with a typo, not prose. */
const CHOICE_LIKE = /^\*\s+(\[|.*->)/;
const TARGET = /^(END:)?[A-Za-z0-9_-]+$/;

interface Line {
  text: string;
  line: number;
}

export interface DrillNodes {
  /** in file order; a repeated id is reported and the first node kept */
  nodes: DrillNode[];
  /** nodes with a malformed choice: already reported, so graph checks leave them alone */
  malformed: Set<string>;
}

/** Parses a drill's Markdown body into its nodes. */
export function parseDrillNodes(
  ctx: LoadContext,
  r: Reader,
  body: string,
  bodyLine: number,
): DrillNodes {
  const out: DrillNodes = { nodes: [], malformed: new Set() };
  for (const section of sections(r, body, bodyLine)) {
    const node = parseNode(ctx, r, section);
    if (!node) continue;
    if (out.nodes.some((n) => n.id === node.id))
      r.reportLine(node.line, `duplicate node id "${node.id}"`);
    else out.nodes.push(node);
    if (node.choices.length < section.filter((l) => CHOICE_LIKE.test(l.text)).length)
      out.malformed.add(node.id);
  }
  return out;
}

/** Splits the body at `##` headings; text before the first heading belongs to no node. */
function sections(r: Reader, body: string, bodyLine: number): [Line, ...Line[]][] {
  const out: [Line, ...Line[]][] = [];
  body.split(/\r?\n/).forEach((text, i) => {
    const line = { text, line: bodyLine + i };
    const current = out.at(-1);
    if (HEADING.test(text)) out.push([line]);
    else if (current) current.push(line);
    else if (text.trim())
      r.reportLine(line.line, 'text before the first node heading (`## start`) belongs to no node');
  });
  return out;
}

/** A section is its heading line followed by the node's lines. */
function parseNode(
  ctx: LoadContext,
  r: Reader,
  [heading, ...rest]: [Line, ...Line[]],
): DrillNode | null {
  const title = HEADING.exec(heading.text)?.[1] ?? '';
  const match = NODE_HEADING.exec(title);
  if (!match) {
    r.reportLine(
      heading.line,
      `malformed node heading "${title}": use \`## name\` or \`## END:name {outcome: …}\``,
    );
    return null;
  }
  const [, endMark, name, attrs] = match;
  const id = `${endMark ?? ''}${name}`;
  const node: DrillNode = {
    id,
    text: nodeText(rest),
    line: heading.line,
    choices: parseChoices(ctx, r, rest),
  };
  if (endMark) node.end = parseEnd(ctx, r, attrs, heading.line);
  else if (attrs) {
    const tier = parseNodeTier(ctx, r, attrs, heading.line);
    if (tier !== undefined) node.tier = tier;
  }
  return node;
}

/** A situation node takes one attribute, `{tier: 1|2|3}`: the incident tier the situation is at. */
function parseNodeTier(
  ctx: LoadContext,
  r: Reader,
  attrs: string,
  line: number,
): number | undefined {
  const a = attributes(ctx, r, attrs, line, ['tier']);
  return a ? readTier(a) : undefined;
}

function readTier(a: Reader): number | undefined {
  if (!a.has(['tier'])) return undefined;
  return a.integer(['tier'], 1, 3);
}

function nodeText(lines: Line[]): string {
  return lines
    .filter((l) => !CHOICE_LIKE.test(l.text))
    .map((l) => l.text)
    .join('\n')
    .trim();
}

function parseChoices(ctx: LoadContext, r: Reader, lines: Line[]): DrillChoice[] {
  const choices: DrillChoice[] = [];
  for (const l of lines.filter((x) => CHOICE_LIKE.test(x.text))) {
    const choice = parseChoice(ctx, r, l, choices.length);
    if (choice) choices.push(choice);
  }
  return choices;
}

function parseChoice(ctx: LoadContext, r: Reader, l: Line, index: number): DrillChoice | null {
  const match = CHOICE.exec(l.text.trim());
  if (!match) {
    r.reportLine(l.line, 'malformed choice: use `* [text] {score: 1, feedback: "…"} -> target`');
    return null;
  }
  const [text, attrs, target] = [match[1] ?? '', match[2] ?? '', match[3] ?? ''];
  if (!TARGET.test(target)) r.reportLine(l.line, `malformed choice target "${target}"`);
  const a = attributes(ctx, r, attrs, l.line, ['score', 'feedback', 'comp', 'flag', 'tier']);
  if (!a) return null;
  return { index, text: text.trim(), ...choiceAttributes(a), target, line: l.line };
}

type ChoiceAttributes = Pick<DrillChoice, 'score' | 'feedback' | 'comp' | 'flag' | 'tier'>;

function choiceAttributes(a: Reader): ChoiceAttributes {
  const out: ChoiceAttributes = {
    score: a.integer(['score']),
    feedback: a.string(['feedback']),
  };
  const comp = a.optString(['comp']);
  if (comp !== undefined) a.checkCompetency(['comp'], comp);
  if (comp !== undefined) out.comp = comp;
  const flag = a.optString(['flag']);
  if (flag !== undefined && !/^[A-Za-z][\w-]*$/.test(flag))
    a.report(['flag'], `flag "${flag}" must be one word`);
  if (flag !== undefined) out.flag = flag;
  const tier = readTier(a);
  if (tier !== undefined) out.tier = tier;
  return out;
}

function parseEnd(ctx: LoadContext, r: Reader, attrs: string | undefined, line: number): DrillEnd {
  const a = attrs ? attributes(ctx, r, attrs, line, ['outcome', 'review']) : null;
  if (!a) {
    if (!attrs) r.reportLine(line, `an ending needs \`{outcome: ${OUTCOMES.join('|')}}\``);
    return { outcome: 'unsafe', review: true };
  }
  const value = a.string(['outcome']);
  const outcome = OUTCOMES.find((o) => o === value);
  if (value && !outcome)
    a.report(['outcome'], `outcome "${value}" must be one of ${OUTCOMES.join(', ')}`);
  const review = a.boolean(['review'], false);
  // an unreadable outcome is treated as unsafe, which always goes to review
  return outcome ? { outcome, review } : { outcome: 'unsafe', review: true };
}

/** A `{...}` YAML flow map on one Markdown line, read with the same checks as front matter. */
function attributes(
  ctx: LoadContext,
  r: Reader,
  text: string,
  line: number,
  keys: string[],
): Reader | null {
  const source = new YamlSource(r.file, text, { firstLine: line, rootLine: line });
  const errors = source.syntaxProblems();
  ctx.problems.push(...errors);
  if (errors.length) return null;
  const a = new Reader(source, ctx);
  if (typeof source.data !== 'object' || source.data === null || Array.isArray(source.data)) {
    a.reportLine(line, 'attributes must be a `{key: value}` map');
    return null;
  }
  a.onlyKeys([], keys);
  return a;
}
