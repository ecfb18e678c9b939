import { report, type LoadContext } from './context.js';
import { isFile, join, readText } from './files.js';
import { isRecord, Reader } from './reader.js';
import type { Competency, Domain, Framework, RubricCriterion, ScaleLevel } from './types.js';
import { YamlSource, type Path } from './yaml-source.js';

export const FRAMEWORK_FILE = 'competencies.yaml';

const TOP_KEYS = ['framework', 'scale', 'rules', 'domains', 'competencies'];
const COMPETENCY_KEYS = [
  'id',
  'domain',
  'name',
  'description',
  'behaviors',
  'rubric',
  'validity_months',
];

export function emptyFramework(): Framework {
  return {
    id: '',
    title: '',
    version: '',
    description: '',
    scale: [],
    rules: {},
    domains: [],
    competencies: [],
    translations: {},
  };
}

/** Reads competencies.yaml and records its competency ids in the context for every later check. */
export function loadFramework(ctx: LoadContext): Framework {
  const r = openFramework(ctx);
  if (!r) return emptyFramework();
  r.onlyKeys([], TOP_KEYS);
  const scale = r.list(['scale']).map((_, i) => readLevel(r, ['scale', i]));
  const domains = r.list(['domains']).map((_, i) => readDomain(r, ['domains', i]));
  const competencies = r.list(['competencies']).map((_, i) => readCompetency(r, i, scale, domains));
  ['scale', 'domains', 'competencies'].forEach((list) => r.uniqueIds([list], singular(list)));
  ctx.competencyIds = new Set(competencies.map((c) => c.id));
  const rules = readRules(r, scale);
  return { ...readHeader(r), scale, rules, domains, competencies, translations: {} };
}

/** Opens a framework file (the English one, or `<lang>/competencies.yaml`) for reading, or reports why not. */
export function openFramework(ctx: LoadContext, file = FRAMEWORK_FILE): Reader | null {
  if (!isFile(join(ctx.root, file))) {
    report(ctx, file, 1, 'missing competency framework file');
    return null;
  }
  const text = readText(join(ctx.root, file));
  const source = new YamlSource(file, text, { firstLine: 1, rootLine: 1 });
  const errors = source.syntaxProblems();
  ctx.problems.push(...errors);
  if (errors.length) return null;
  if (isRecord(source.data)) return new Reader(source, ctx);
  report(ctx, file, 1, 'the framework must be a YAML map');
  return null;
}

function readHeader(r: Reader): Pick<Framework, 'id' | 'title' | 'version' | 'description'> {
  r.onlyKeys(['framework'], ['id', 'title', 'version', 'description']);
  const field = (key: string) => r.string(['framework', key]);
  return {
    id: field('id'),
    title: field('title'),
    version: field('version'),
    description: field('description'),
  };
}

function readLevel(r: Reader, at: Path): ScaleLevel {
  r.onlyKeys(at, ['id', 'name', 'proficient', 'description']);
  const field = (key: string) => r.string([...at, key]);
  const proficient = r.boolean([...at, 'proficient']);
  return { id: field('id'), name: field('name'), proficient, description: field('description') };
}

function readDomain(r: Reader, at: Path): Domain {
  r.onlyKeys(at, ['id', 'name', 'description']);
  const field = (key: string) => r.string([...at, key]);
  return { id: field('id'), name: field('name'), description: field('description') };
}

/** Each rule caps what one kind of evidence can reach, so its value must be a level of the scale. */
function readRules(r: Reader, scale: ScaleLevel[]): Record<string, string> {
  const rules = r.stringMap(['rules']);
  for (const [kind, level] of Object.entries(rules)) {
    if (scale.some((s) => s.id === level)) continue;
    r.report(['rules', kind], `rule "${kind}" names unknown scale level "${level}"`);
  }
  return rules;
}

function readCompetency(r: Reader, i: number, scale: ScaleLevel[], domains: Domain[]): Competency {
  const at = ['competencies', i];
  r.onlyKeys(at, COMPETENCY_KEYS);
  const domain = r.string([...at, 'domain']);
  if (domain && !domains.some((d) => d.id === domain))
    r.report([...at, 'domain'], `unknown domain "${domain}"`);
  const rubric = r
    .list([...at, 'rubric'])
    .map((_, j) => readCriterion(r, [...at, 'rubric', j], scale));
  r.uniqueIds([...at, 'rubric'], 'rubric criterion');
  return {
    id: r.string([...at, 'id']),
    domain,
    name: r.string([...at, 'name']),
    description: r.string([...at, 'description']),
    behaviors: r.strings([...at, 'behaviors']),
    rubric,
    validityMonths: r.integer([...at, 'validity_months'], 1),
  };
}

function readCriterion(r: Reader, at: Path, scale: ScaleLevel[]): RubricCriterion {
  r.onlyKeys(at, ['id', 'criterion', 'levels']);
  const levels = r.stringMap([...at, 'levels']);
  if (r.has([...at, 'levels'])) checkLevels(r, at, levels, scale);
  return { id: r.string([...at, 'id']), criterion: r.string([...at, 'criterion']), levels };
}

/** A supervisor rates on the scale, so a rubric needs exactly one description per scale level. */
export function checkLevels(
  r: Reader,
  at: Path,
  levels: Record<string, string>,
  scale: ScaleLevel[],
): void {
  const ids = scale.map((s) => s.id);
  const missing = ids.filter((id) => !(id in levels));
  const names = missing.map((m) => `"${m}"`).join(', ');
  if (missing.length) r.report([...at, 'levels'], `rubric levels lack scale level(s) ${names}`);
  for (const key of Object.keys(levels)) {
    if (!ids.includes(key))
      r.report([...at, 'levels', key], `rubric level "${key}" is not a scale level`);
  }
}

function singular(list: string): string {
  return { scale: 'scale level', domains: 'domain', competencies: 'competency' }[list] ?? list;
}
