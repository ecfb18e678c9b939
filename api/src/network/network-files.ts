import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { YamlSource } from '@kindred/courses';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** One neighbourhood as the coordinator's files describe it. */
export interface AreaSource {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

/** The need figures of one area, joined by code from the CSV. */
export interface AreaNeed {
  population: number | null;
  need: number | null;
  languagesAsked: string[];
}

/** A problem in an uploaded file, at its line (1-based), as `file:line: message`. */
export class FileProblem extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

export const MAX_AREAS = 500;
export const AREA_CODE = /^[A-Za-z0-9_.-]{1,40}$/;
/** A language as a BCP 47 tag's language part, optionally with a region or script: es, vi, zh-Hant, pt-BR. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** The line of a JSON.parse SyntaxError: V8 says "at position N" (and newer ones "line L column C"). */
function syntaxLine(text: string, message: string): number {
  const line = /line (\d+) column/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (!position) return 1;
  return text.slice(0, Number(position[1])).split('\n').length;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    Math.abs(p[0] as number) <= 180 &&
    Math.abs(p[1] as number) <= 90
  );
}

/** Why a polygon's rings are not usable, or null when they are. */
function ringsProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs at least one ring';
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4)
      return 'each ring needs at least four positions (the first repeated last)';
    if (!ring.every(checkPosition))
      return 'each position must be [longitude, latitude] in degrees (longitude -180 to 180, latitude -90 to 90)';
  }
  return null;
}

function geometryProblem(g: unknown): string | null {
  if (!isObject(g)) return 'geometry must be a Polygon or MultiPolygon';
  if (g.type === 'Polygon') return ringsProblem(g.coordinates);
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
      return 'a MultiPolygon needs at least one polygon';
    for (const polygon of g.coordinates) {
      const problem = ringsProblem(polygon);
      if (problem) return problem;
    }
    return null;
  }
  return `geometry must be a Polygon or MultiPolygon, not ${JSON.stringify(g.type)}`;
}

/**
 * The areas of a GeoJSON FeatureCollection: each feature a Polygon or MultiPolygon with `code` and `name`
 * properties. JSON.parse checks the syntax (its error position gives the line); the structure is checked on
 * the parsed value, and only then is the text read again by `yaml` (JSON is YAML) through YamlSource — the
 * course checker's line locator — to name the line of the offending feature or property.
 */
export function parseAreas(file: string, text: string): AreaSource[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new FileProblem(file, syntaxLine(text, message), `not valid JSON: ${message}`);
  }
  const at = (path: (string | number)[], problem: string): never => {
    throw new FileProblem(file, new YamlSource(file, text).lineOf(path), problem);
  };
  if (!isObject(data) || data.type !== 'FeatureCollection')
    return at([], 'expected a GeoJSON FeatureCollection ("type": "FeatureCollection")');
  const features = data.features;
  if (!Array.isArray(features) || features.length === 0)
    return at(['features'], '"features" must list at least one area');
  if (features.length > MAX_AREAS)
    return at(['features'], `at most ${MAX_AREAS} areas, got ${features.length}`);
  const seen = new Set<string>();
  return features.map((f: unknown, i): AreaSource => {
    if (!isObject(f) || f.type !== 'Feature')
      return at(['features', i], `feature ${i + 1} must be a GeoJSON Feature`);
    const props = isObject(f.properties) ? f.properties : {};
    const rawCode = props.code ?? f.id;
    const code = typeof rawCode === 'number' ? String(rawCode) : rawCode;
    if (typeof code !== 'string' || !AREA_CODE.test(code))
      return at(
        ['features', i, 'properties', 'code'],
        `feature ${i + 1}: properties.code must be 1–40 letters, digits, ".", "_" or "-"`,
      );
    if (seen.has(code))
      return at(['features', i, 'properties', 'code'], `area code "${code}" is used twice`);
    seen.add(code);
    const name = typeof props.name === 'string' ? props.name.trim() : '';
    if (!name || name.length > 120)
      return at(
        ['features', i, 'properties', 'name'],
        `area "${code}": properties.name must be a name of 1–120 characters`,
      );
    const problem = geometryProblem(f.geometry);
    if (problem) return at(['features', i, 'geometry'], `area "${code}": ${problem}`);
    return { code, name, geometry: (f as unknown as Feature<Polygon | MultiPolygon>).geometry };
  });
}

/**
 * The need figures: a CSV with a header line, one row per area joined by `code`, and optional
 * `population` (whole number), `need` (an index from 0 to 100, e.g. a deprivation index) and `languages`
 * (languages spoken at home that the area asks for, as tags separated by ";" or spaces). Other columns are
 * ignored. csv-parse does the quoting rules and counts the lines.
 */
export function parseNeeds(file: string, text: string, codes: Set<string>): Map<string, AreaNeed> {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    });
  } catch (e) {
    if (e instanceof CsvError)
      throw new FileProblem(file, (e as CsvError & { lines?: number }).lines ?? 1, e.message);
    throw e;
  }
  const needs = new Map<string, AreaNeed>();
  const header = records[0] ? Object.keys(records[0].record) : [];
  if (records.length && !header.includes('code'))
    throw new FileProblem(
      file,
      1,
      'the header must name a "code" column (the area codes of the GeoJSON)',
    );
  for (const { record, info } of records) {
    const line = info.lines;
    const code = record.code ?? '';
    if (!codes.has(code))
      throw new FileProblem(file, line, `no area with code "${code}" in the GeoJSON`);
    if (needs.has(code)) throw new FileProblem(file, line, `area "${code}" is listed twice`);
    const population = record.population ?? '';
    if (population && !/^\d{1,9}$/.test(population))
      throw new FileProblem(file, line, `population must be a whole number, got "${population}"`);
    const need = record.need ?? '';
    const needValue = need === '' ? null : Number(need);
    if (needValue !== null && (!Number.isFinite(needValue) || needValue < 0 || needValue > 100))
      throw new FileProblem(file, line, `need must be a number from 0 to 100, got "${need}"`);
    const languages = (record.languages ?? '').split(/[;\s]+/).filter(Boolean);
    const badLanguage = languages.find((l) => !LANGUAGE_TAG.test(l));
    if (badLanguage)
      throw new FileProblem(
        file,
        line,
        `"${badLanguage}" is not a language tag (like es, vi or zh-Hant)`,
      );
    needs.set(code, {
      population: population ? Number(population) : null,
      need: needValue,
      languagesAsked: [...new Set(languages)],
    });
  }
  return needs;
}
