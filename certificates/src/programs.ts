import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AchievementInput, AlignmentInput, ProfileInput } from './credential.js';
import { addMonths } from './dates.js';
import { YamlSource, type Problem, type YamlPath } from '@kindred/courses';
import { readTranslations, type TextTranslation } from './translations.js';

export type { Problem } from '@kindred/courses';

export interface ProgramCompetency {
  id: string;
  /** the scale level a supervisor must confirm, e.g. `proficient` */
  level: string;
  signoff: boolean;
}

export interface CoIssuer {
  /** the co-issuing organization's slug */
  organization: string;
  credits: number;
  /** e.g. `CEU` */
  creditType: string;
  accreditation: string;
}

export interface Program {
  slug: string;
  file: string;
  name: string;
  description: string;
  requirements: { courses: string[]; drills: string[]; competencies: ProgramCompetency[] };
  validityMonths: number;
  coIssuer?: CoIssuer;
  /**
   * `bind_to_wallet_did`: a wallet taking this certificate authenticates with its DID (VC-API exchange, DID
   * Authentication) and receives a copy issued to that DID (`credentialSubject.id`), which replaces the one
   * before it. Default false: the wallet receives the certificate as issued, without DID authentication.
   */
  bindToWalletDid: boolean;
  /** lang → name and description in that language */
  translations: Record<string, TextTranslation>;
}

/** Ids from the courses and the competency framework; each set given is checked against. */
export interface KnownIds {
  competencyIds?: ReadonlySet<string>;
  courseSlugs?: ReadonlySet<string>;
  drillIds?: ReadonlySet<string>;
  /** the framework's scale; default: not-yet, developing, proficient, exemplary */
  levels?: readonly string[];
}

export const DEFAULT_LEVELS = ['not-yet', 'developing', 'proficient', 'exemplary'];
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TOP_KEYS = [
  'slug',
  'name',
  'description',
  'requirements',
  'validity_months',
  'co_issuer',
  'bind_to_wallet_did',
  'translations',
];

/** Typed reads from one program file; a bad field is reported at its line and read as a fallback. */
export class ProgramReader {
  readonly problems: Problem[] = [];
  constructor(private readonly src: YamlSource) {}

  report(path: YamlPath, message: string): void {
    this.problems.push({ file: this.src.file, line: this.src.lineOf(path), message });
  }

  get(path: YamlPath): unknown {
    return path.reduce<unknown>(
      (v, k) =>
        v !== null && typeof v === 'object'
          ? (v as Record<string | number, unknown>)[k]
          : undefined,
      this.src.data,
    );
  }

  string(path: YamlPath): string {
    const v = this.get(path);
    if (typeof v === 'string' && v.trim()) return v.trim();
    this.report(
      path,
      v === undefined
        ? `missing required field "${path.join('.')}"`
        : `"${path.join('.')}" must be a non-empty string`,
    );
    return '';
  }

  number(path: YamlPath, check: (n: number) => boolean, rule: string): number {
    const v = this.get(path);
    if (typeof v === 'number' && check(v)) return v;
    this.report(
      path,
      v === undefined
        ? `missing required field "${path.join('.')}"`
        : `"${path.join('.')}" must be ${rule}`,
    );
    return 0;
  }

  list(path: YamlPath, required: boolean): unknown[] {
    const v = this.get(path);
    if (Array.isArray(v) && (v.length || !required)) return v;
    if (v === undefined && !required) return [];
    this.report(
      path,
      v === undefined
        ? `missing required field "${path.join('.')}"`
        : `"${path.join('.')}" must be a ${required ? 'non-empty ' : ''}list`,
    );
    return [];
  }

  onlyKeys(path: YamlPath, allowed: string[]): void {
    const v = this.get(path);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const key of Object.keys(v))
      if (!allowed.includes(key)) this.report([...path, key], `unknown field "${key}"`);
  }
}

export function idList(
  r: ProgramReader,
  path: YamlPath,
  known: ReadonlySet<string> | undefined,
  what: string,
  required: boolean,
): string[] {
  const ids = r.list(path, required).map((_, i) => r.string([...path, i]));
  ids.forEach((id, i) => {
    if (id && ids.indexOf(id) !== i) r.report([...path, i], `duplicate ${what} "${id}"`);
    if (id && known && !known.has(id)) r.report([...path, i], `unknown ${what} "${id}"`);
  });
  return ids;
}

export function competency(r: ProgramReader, path: YamlPath, known: KnownIds): ProgramCompetency {
  r.onlyKeys(path, ['id', 'level', 'signoff']);
  const id = r.string([...path, 'id']);
  const level = r.string([...path, 'level']);
  const signoff = r.get([...path, 'signoff']);
  if (id && known.competencyIds && !known.competencyIds.has(id))
    r.report([...path, 'id'], `unknown competency "${id}"`);
  const levels = known.levels ?? DEFAULT_LEVELS;
  if (level && !levels.includes(level))
    r.report([...path, 'level'], `unknown level "${level}" (expected one of ${levels.join(', ')})`);
  if (typeof signoff !== 'boolean')
    r.report([...path, 'signoff'], '"signoff" must be true or false');
  return { id, level, signoff: signoff === true };
}

function competencies(r: ProgramReader, known: KnownIds): ProgramCompetency[] {
  const path = ['requirements', 'competencies'];
  const list = r.list(path, true).map((_, i) => competency(r, [...path, i], known));
  list.forEach((c, i) => {
    if (c.id && list.findIndex((o) => o.id === c.id) !== i)
      r.report([...path, i], `duplicate competency "${c.id}"`);
  });
  return list;
}

function bindToWalletDid(r: ProgramReader): boolean {
  const v = r.get(['bind_to_wallet_did']);
  if (v === undefined || typeof v === 'boolean') return v === true;
  r.report(['bind_to_wallet_did'], '"bind_to_wallet_did" must be true or false');
  return false;
}

function coIssuer(r: ProgramReader): CoIssuer | undefined {
  if (r.get(['co_issuer']) === undefined) return undefined;
  r.onlyKeys(['co_issuer'], ['organization', 'credits', 'credit_type', 'accreditation']);
  const organization = r.string(['co_issuer', 'organization']);
  if (organization && !SLUG.test(organization))
    r.report(['co_issuer', 'organization'], `"${organization}" is not an organization slug`);
  return {
    organization,
    credits: r.number(['co_issuer', 'credits'], (n) => n > 0, 'a positive number'),
    creditType: r.string(['co_issuer', 'credit_type']),
    accreditation: r.string(['co_issuer', 'accreditation']),
  };
}

function readProgram(r: ProgramReader, file: string, known: KnownIds): Program {
  r.onlyKeys([], TOP_KEYS);
  r.onlyKeys(['requirements'], ['courses', 'drills', 'competencies']);
  const slug = r.string(['slug']);
  const expected = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (slug && !SLUG.test(slug))
    r.report(['slug'], `"${slug}" is not a slug (lowercase words joined by "-")`);
  else if (slug && slug !== expected)
    r.report(['slug'], `slug "${slug}" does not match the file name "${expected}"`);
  return {
    slug,
    file,
    name: r.string(['name']),
    description: r.string(['description']),
    requirements: {
      courses: idList(r, ['requirements', 'courses'], known.courseSlugs, 'course', true),
      drills: idList(r, ['requirements', 'drills'], known.drillIds, 'drill', false),
      competencies: competencies(r, known),
    },
    validityMonths: r.number(
      ['validity_months'],
      (n) => Number.isInteger(n) && n >= 1 && n <= 120,
      'a whole number of months from 1 to 120',
    ),
    coIssuer: coIssuer(r),
    bindToWalletDid: bindToWalletDid(r),
    translations: readTranslations(r),
  };
}

/**
 * One YAML file of certificates/ (a program, a pathway: `what`) read by `read`: its syntax problems, a
 * problem when it is not a map, or what the reader found; the value only when there is no problem.
 */
export function readYamlMap<T>(
  file: string,
  text: string,
  what: string,
  read: (reader: ProgramReader) => T,
): { value?: T; problems: Problem[] } {
  const src = new YamlSource(file, text);
  const syntax = src.syntaxProblems();
  if (syntax.length) return { problems: syntax };
  if (src.data === null || typeof src.data !== 'object' || Array.isArray(src.data)) {
    return { problems: [{ file, line: 1, message: `a ${what} file must be a YAML map` }] };
  }
  const reader = new ProgramReader(src);
  const value = read(reader);
  return reader.problems.length ? { problems: reader.problems } : { value, problems: [] };
}

/** Every `*.yaml` of `dir` in name order, each parsed by `parse`; the problems sorted by file and line. */
export function readYamlDir<T>(
  dir: string,
  parse: (file: string, text: string) => { value?: T; problems: Problem[] },
): { values: T[]; problems: Problem[] } {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const results = files.map((f) => parse(f, readFileSync(join(dir, f), 'utf8')));
  return {
    values: results.flatMap((r) => (r.value === undefined ? [] : [r.value])),
    problems: results
      .flatMap((r) => r.problems)
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  };
}

/** Parses and validates one program file's text. */
export function parseProgram(
  file: string,
  text: string,
  known: KnownIds = {},
): { program?: Program; problems: Problem[] } {
  const { value, problems } = readYamlMap(file, text, 'program', (r) =>
    readProgram(r, file, known),
  );
  return { program: value, problems };
}

/**
 * Loads every `*.yaml` in `dir`. A file with problems yields no program; problems are sorted by file
 * and line. `knownCompetencyIds` comes from the competency framework (courses/competencies.yaml).
 */
export function loadPrograms(
  dir: string,
  knownCompetencyIds?: ReadonlySet<string>,
  known: Omit<KnownIds, 'competencyIds'> = {},
): { programs: Program[]; problems: Problem[] } {
  const { values, problems } = readYamlDir(dir, (f, text) => {
    const { program, problems } = parseProgram(f, text, {
      ...known,
      competencyIds: knownCompetencyIds,
    });
    return { value: program, problems };
  });
  return { programs: values, problems };
}

// ---- from a program to what a credential says ----------------------------------------------------

/** The end of validity: `validityMonths` after `from` (clamped to the month's last day). */
export function programValidUntil(program: Program, from: Date): Date {
  return addMonths(from, program.validityMonths);
}

export function criteriaNarrative(program: Program): string {
  const { courses, drills, competencies: comps } = program.requirements;
  const signed = comps.filter((c) => c.signoff).map((c) => `${c.id} (${c.level} or above)`);
  return [
    `Complete the courses: ${courses.join(', ')}.`,
    drills.length ? `Pass the practice drills: ${drills.join(', ')}.` : '',
    signed.length ? `Be observed and signed off by a supervisor for: ${signed.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export interface AchievementContext {
  /** the achievement's URL, e.g. https://kindred.example/programs/foundations */
  id: string;
  /** where the competency framework is published; each competency at `${frameworkUrl}#${id}` */
  frameworkUrl: string;
  frameworkName: string;
  competencyName?: (id: string) => string | undefined;
  /** the co-issuing university's profile, for co-issued programs */
  creator?: ProfileInput;
}

/**
 * What a credential signs as a program's name or description: the English text. Open Badges 3.0 types `name`
 * and `description` as one String (and the credential declares its JSON schema), so the VC 2.0 language-value
 * lists, which the data model would allow, would fail an Open Badges validator. A reader's language comes
 * from the program's translations when the credential is shown (`textIn`, then the program).
 */
export function programText(program: Program, key: 'name' | 'description'): string {
  return program[key];
}

/** The OB Achievement for a program, aligned to the competency framework; its texts in English. */
export function programAchievement(program: Program, ctx: AchievementContext): AchievementInput {
  const alignment: AlignmentInput[] = program.requirements.competencies.map((c) => ({
    targetName: ctx.competencyName?.(c.id) ?? c.id,
    targetUrl: `${ctx.frameworkUrl}#${encodeURIComponent(c.id)}`,
    targetCode: c.id,
    targetFramework: ctx.frameworkName,
    targetType: 'ceasn:Competency',
  }));
  return {
    id: ctx.id,
    name: programText(program, 'name'),
    description: programText(program, 'description'),
    criteriaNarrative: criteriaNarrative(program),
    alignment,
    creditsAvailable: program.coIssuer?.credits,
    creator: program.coIssuer ? ctx.creator : undefined,
  };
}
