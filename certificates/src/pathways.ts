import { readTranslations, type TextTranslation } from './translations.js';
import {
  competency,
  idList,
  ProgramReader,
  readYamlDir,
  readYamlMap,
  SLUG,
  type KnownIds,
  type ProgramCompetency,
} from './programs.js';
import type { Problem, YamlPath } from '@kindred/courses';

/** Hours in total and, within them, at least so many in each named category. */
export interface Quota {
  total: number;
  categories: Record<string, number>;
}

export interface Requirements {
  courses: string[];
  drills: string[];
  competencies: ProgramCompetency[];
  practiceHours?: Quota;
  supervisionSessions?: number;
  ceHours?: Quota;
}

export interface Renewal {
  everyMonths: number;
  /** the short renewal route opens this many days before the credential expires */
  windowOpensDays: number;
  /** and stays open this many days after it expired; then only the full route is left */
  graceDays: number;
  requires: Requirements;
}

/** What a stage grants publicly: `current` is a full credential in good standing. */
export const STAGE_STATUSES = ['trainee', 'provisional', 'current'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export interface Stage {
  id: string;
  name: string;
  status: StageStatus;
  /** the certificate program this stage corresponds to */
  program?: string;
  /** the stage must be reached within this many months of the previous stage's start */
  withinMonths?: number;
  requires: Requirements;
  renewal?: Renewal;
}

export interface Category {
  id: string;
  label: string;
}

export interface Pathway {
  slug: string;
  file: string;
  name: string;
  description: string;
  practiceCategories: Category[];
  ceCategories: Category[];
  /** course slug → CE category its completion counts toward (others: the first CE category) */
  ceCourses: Record<string, string>;
  stages: Stage[];
  /** lang → name, description and stage names in that language */
  translations: Record<string, TextTranslation>;
}

export interface KnownPathwayIds extends KnownIds {
  /** program slug → its validity in months */
  programs?: ReadonlyMap<string, number>;
}

const TOP_KEYS = [
  'slug',
  'name',
  'description',
  'practice_categories',
  'ce_categories',
  'ce_courses',
  'stages',
  'translations',
];
const STAGE_KEYS = ['id', 'name', 'status', 'program', 'within_months', 'requires', 'renewal'];
const REQUIRE_KEYS = [
  'courses',
  'drills',
  'competencies',
  'practice_hours',
  'supervision_sessions',
  'ce_hours',
];

function categories(r: ProgramReader, key: string): Category[] {
  const list = r.list([key], true).map((_, i) => {
    r.onlyKeys([key, i], ['id', 'label']);
    return { id: r.string([key, i, 'id']), label: r.string([key, i, 'label']) };
  });
  list.forEach((c, i) => {
    if (c.id && !SLUG.test(c.id))
      r.report([key, i, 'id'], `"${c.id}" is not a category id (lowercase words joined by "-")`);
    if (c.id && list.findIndex((o) => o.id === c.id) !== i)
      r.report([key, i, 'id'], `duplicate category "${c.id}"`);
  });
  return list;
}

function quota(
  r: ProgramReader,
  path: YamlPath,
  declared: Category[],
  what: string,
): Quota | undefined {
  if (r.get(path) === undefined) return undefined;
  r.onlyKeys(path, ['total', 'categories']);
  const total = r.number(
    [...path, 'total'],
    (n) => n > 0 && n <= 10_000,
    'a positive number of hours',
  );
  const raw = r.get([...path, 'categories']);
  const out: Record<string, number> = {};
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw)))
    r.report([...path, 'categories'], '"categories" must be a map of category to hours');
  else if (raw) {
    for (const id of Object.keys(raw)) {
      if (!declared.some((c) => c.id === id))
        r.report(
          [...path, 'categories', id],
          `unknown ${what} category "${id}" (declare it under ${what === 'practice' ? 'practice_categories' : 'ce_categories'})`,
        );
      out[id] = r.number([...path, 'categories', id], (n) => n > 0, 'a positive number of hours');
    }
    const sum = Object.values(out).reduce((a, b) => a + b, 0);
    if (total && sum > total)
      r.report(
        [...path, 'total'],
        `the category quotas add up to ${sum} hours, more than the total of ${total}`,
      );
  }
  return { total, categories: out };
}

function requirements(
  r: ProgramReader,
  path: YamlPath,
  p: { practice: Category[]; ce: Category[] },
  known: KnownPathwayIds,
): Requirements {
  r.onlyKeys(path, REQUIRE_KEYS);
  const comps = r
    .list([...path, 'competencies'], false)
    .map((_, i) => competency(r, [...path, 'competencies', i], known));
  comps.forEach((c, i) => {
    if (c.id && comps.findIndex((o) => o.id === c.id) !== i)
      r.report([...path, 'competencies', i], `duplicate competency "${c.id}"`);
  });
  const sessions = r.get([...path, 'supervision_sessions']);
  const req: Requirements = {
    courses: idList(r, [...path, 'courses'], known.courseSlugs, 'course', false),
    drills: idList(r, [...path, 'drills'], known.drillIds, 'drill', false),
    competencies: comps,
    practiceHours: quota(r, [...path, 'practice_hours'], p.practice, 'practice'),
    supervisionSessions:
      sessions === undefined
        ? undefined
        : r.number(
            [...path, 'supervision_sessions'],
            (n) => Number.isInteger(n) && n > 0,
            'a positive whole number',
          ),
    ceHours: quota(r, [...path, 'ce_hours'], p.ce, 'CE'),
  };
  const empty =
    !req.courses.length &&
    !req.drills.length &&
    !req.competencies.length &&
    !req.practiceHours &&
    !req.supervisionSessions &&
    !req.ceHours;
  if (empty)
    r.report(
      path,
      'requirements must name at least one course, drill, competency, hours or sessions',
    );
  return req;
}

function renewal(
  r: ProgramReader,
  path: YamlPath,
  cats: { practice: Category[]; ce: Category[] },
  known: KnownPathwayIds,
  program?: string,
): Renewal | undefined {
  if (r.get(path) === undefined) return undefined;
  r.onlyKeys(path, ['every_months', 'window_opens_days', 'grace_days', 'requires']);
  const everyMonths = r.number(
    [...path, 'every_months'],
    (n) => Number.isInteger(n) && n >= 1 && n <= 120,
    'a whole number of months from 1 to 120',
  );
  const validity = program ? known.programs?.get(program) : undefined;
  if (everyMonths && validity && validity !== everyMonths)
    r.report(
      [...path, 'every_months'],
      `renewal every ${everyMonths} months, but program "${program}" is valid for ${validity} months`,
    );
  const windowOpensDays = r.number(
    [...path, 'window_opens_days'],
    (n) => Number.isInteger(n) && n >= 0 && n <= 366,
    'a whole number of days from 0 to 366',
  );
  const graceDays = r.number(
    [...path, 'grace_days'],
    (n) => Number.isInteger(n) && n >= 0 && n <= 366,
    'a whole number of days from 0 to 366',
  );
  if (r.get([...path, 'requires']) === undefined)
    r.report([...path, 'requires'], `missing required field "${[...path, 'requires'].join('.')}"`);
  return {
    everyMonths,
    windowOpensDays,
    graceDays,
    requires: requirements(r, [...path, 'requires'], cats, known),
  };
}

function stage(
  r: ProgramReader,
  i: number,
  cats: { practice: Category[]; ce: Category[] },
  known: KnownPathwayIds,
): Stage {
  const path = ['stages', i];
  r.onlyKeys(path, STAGE_KEYS);
  const id = r.string([...path, 'id']);
  if (id && !SLUG.test(id))
    r.report([...path, 'id'], `"${id}" is not a stage id (lowercase words joined by "-")`);
  const status = r.string([...path, 'status']) as StageStatus;
  if (status && !STAGE_STATUSES.includes(status))
    r.report(
      [...path, 'status'],
      `unknown status "${status}" (expected one of ${STAGE_STATUSES.join(', ')})`,
    );
  const program =
    r.get([...path, 'program']) === undefined ? undefined : r.string([...path, 'program']);
  if (program && known.programs && !known.programs.has(program))
    r.report([...path, 'program'], `unknown certificate program "${program}"`);
  const within = r.get([...path, 'within_months']);
  const withinMonths =
    within === undefined
      ? undefined
      : r.number(
          [...path, 'within_months'],
          (n) => Number.isInteger(n) && n >= 1 && n <= 120,
          'a whole number of months from 1 to 120',
        );
  const first = i === 0;
  const hasReq = r.get([...path, 'requires']) !== undefined;
  if (first && hasReq)
    r.report(
      [...path, 'requires'],
      'the first stage is where everyone starts: it has no requirements',
    );
  if (!first && !hasReq)
    r.report(
      path,
      `missing required field "requires" (every stage after the first has requirements)`,
    );
  if (first && withinMonths)
    r.report([...path, 'within_months'], 'the first stage has no deadline');
  const requires =
    hasReq && !first
      ? requirements(r, [...path, 'requires'], cats, known)
      : { courses: [], drills: [], competencies: [] };
  return {
    id,
    name: r.string([...path, 'name']),
    status,
    program,
    withinMonths,
    requires,
    renewal: renewal(r, [...path, 'renewal'], cats, known, program),
  };
}

function readPathway(r: ProgramReader, file: string, known: KnownPathwayIds): Pathway {
  r.onlyKeys([], TOP_KEYS);
  const slug = r.string(['slug']);
  const expected = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (slug && !SLUG.test(slug))
    r.report(['slug'], `"${slug}" is not a slug (lowercase words joined by "-")`);
  else if (slug && slug !== expected)
    r.report(['slug'], `slug "${slug}" does not match the file name "${expected}"`);
  const practice = categories(r, 'practice_categories');
  const ce = categories(r, 'ce_categories');
  const ceCourses: Record<string, string> = {};
  const rawCe = r.get(['ce_courses']);
  if (rawCe !== undefined && (rawCe === null || typeof rawCe !== 'object' || Array.isArray(rawCe)))
    r.report(['ce_courses'], '"ce_courses" must be a map of course to CE category');
  else if (rawCe) {
    for (const course of Object.keys(rawCe)) {
      if (known.courseSlugs && !known.courseSlugs.has(course))
        r.report(['ce_courses', course], `unknown course "${course}"`);
      const cat = r.string(['ce_courses', course]);
      if (cat && !ce.some((c) => c.id === cat))
        r.report(['ce_courses', course], `unknown CE category "${cat}"`);
      ceCourses[course] = cat;
    }
  }
  const stages = r.list(['stages'], true).map((_, i) => stage(r, i, { practice, ce }, known));
  if (stages.length === 1) r.report(['stages'], 'a pathway needs at least two stages');
  stages.forEach((s, i) => {
    if (s.id && stages.findIndex((o) => o.id === s.id) !== i)
      r.report(['stages', i, 'id'], `duplicate stage "${s.id}"`);
  });
  return {
    slug,
    file,
    name: r.string(['name']),
    description: r.string(['description']),
    practiceCategories: practice,
    ceCategories: ce,
    ceCourses,
    stages,
    translations: readTranslations(
      r,
      stages.map((s) => s.id),
    ),
  };
}

/** Parses and validates one pathway file's text. */
export function parsePathway(
  file: string,
  text: string,
  known: KnownPathwayIds = {},
): { pathway?: Pathway; problems: Problem[] } {
  const { value, problems } = readYamlMap(file, text, 'pathway', (r) =>
    readPathway(r, file, known),
  );
  return { pathway: value, problems };
}

/** Loads every `*.yaml` in `dir` (certificates/pathways); a file with problems yields no pathway. */
export function loadPathways(
  dir: string,
  known: KnownPathwayIds = {},
): { pathways: Pathway[]; problems: Problem[] } {
  const { values, problems } = readYamlDir(dir, (f, text) => {
    const { pathway, problems } = parsePathway(f, text, known);
    return { value: pathway, problems };
  });
  return { pathways: values, problems };
}

/** The CE category a completed Kindred course counts toward, by the pathway's mapping. */
export function ceCategoryOfCourse(pathway: Pathway, courseSlug: string): string {
  return pathway.ceCourses[courseSlug] ?? pathway.ceCategories[0]?.id ?? 'peer-specific';
}
