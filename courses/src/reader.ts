import { report, type LoadContext } from './context.js';
import type { Path, YamlSource } from './yaml-source.js';

/** `quiz[0].choices[1].explain`: how a field is named in messages. */
export function formatPath(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (typeof key === 'number') value = Array.isArray(value) ? value[key] : undefined;
    else value = isRecord(value) ? value[key] : undefined;
  }
  return value;
}

/**
 * Typed access to one YAML source. Every getter reports a missing or wrong-typed field at its line and
 * returns a harmless fallback, so one bad field never hides the problems after it.
 */
export class Reader {
  constructor(
    readonly src: YamlSource,
    private readonly ctx: LoadContext,
  ) {}

  get file(): string {
    return this.src.file;
  }

  report(path: Path, message: string): void {
    report(this.ctx, this.file, this.src.lineOf(path), message);
  }

  /** For findings in the Markdown body, which has no YAML path. */
  reportLine(line: number, message: string): void {
    report(this.ctx, this.file, line, message);
  }

  get(path: Path): unknown {
    return valueAt(this.src.data, path);
  }

  has(path: Path): boolean {
    return this.get(path) !== undefined && this.get(path) !== null;
  }

  /** false (after reporting) when the field is absent */
  private present(path: Path): boolean {
    if (this.has(path)) return true;
    this.report(path, `missing required field "${formatPath(path)}"`);
    return false;
  }

  /** Reports the wrong type and hands back the fallback, so getters can `return` it. */
  private wrongType<T>(path: Path, what: string, fallback: T): T {
    this.report(path, `"${formatPath(path)}" must be ${what}`);
    return fallback;
  }

  string(path: Path): string {
    if (!this.present(path)) return '';
    return this.stringValue(path) ?? '';
  }

  optString(path: Path): string | undefined {
    return this.has(path) ? this.stringValue(path) : undefined;
  }

  private stringValue(path: Path): string | undefined {
    const value = this.get(path);
    if (typeof value !== 'string') return this.wrongType(path, 'a string', undefined);
    if (!value.trim()) return this.wrongType(path, 'a non-empty string', undefined);
    return value;
  }

  integer(path: Path, min = -Infinity, max = Infinity): number {
    if (!this.present(path)) return 0;
    const value = this.get(path);
    if (typeof value !== 'number' || !Number.isInteger(value))
      return this.wrongType(path, 'an integer', 0);
    this.checkRange(path, value, min, max);
    return value;
  }

  number(path: Path, min: number, max: number): number {
    if (!this.present(path)) return 0;
    const value = this.get(path);
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.wrongType(path, 'a number', 0);
    this.checkRange(path, value, min, max);
    return value;
  }

  private checkRange(path: Path, value: number, min: number, max: number): void {
    if (value >= min && value <= max) return;
    this.report(path, `"${formatPath(path)}" must be ${rangeText(min, max)} (is ${value})`);
  }

  boolean(path: Path, fallback?: boolean): boolean {
    if (fallback !== undefined && !this.has(path)) return fallback;
    if (!this.present(path)) return false;
    const value = this.get(path);
    if (typeof value !== 'boolean') return this.wrongType(path, 'true or false', false);
    return value;
  }

  /** A required list; reports and returns [] when absent or not a list. */
  list(path: Path): unknown[] {
    if (!this.present(path)) return [];
    const value = this.get(path);
    if (!Array.isArray(value)) return this.wrongType(path, 'a list', []);
    return value;
  }

  /** A required, non-empty list of non-empty strings; bad items are reported and left out. */
  strings(path: Path): string[] {
    const items = this.list(path);
    if (!items.length && Array.isArray(this.get(path)))
      this.wrongType(path, 'a non-empty list', null);
    return items
      .map((_, i) => this.stringValue([...path, i]))
      .filter((s): s is string => s !== undefined);
  }

  /** A map of strings to strings, e.g. rubric levels or evidence rules. */
  stringMap(path: Path): Record<string, string> {
    if (!this.present(path)) return {};
    const value = this.get(path);
    if (!isRecord(value)) return this.wrongType(path, 'a map', {});
    const out: Record<string, string> = {};
    for (const key of Object.keys(value)) {
      const s = this.stringValue([...path, key]);
      if (s !== undefined) out[key] = s;
    }
    return out;
  }

  /** Competency ids, each checked against competencies.yaml. */
  competencies(path: Path): string[] {
    return this.checkCompetencies(path, this.strings(path));
  }

  optCompetencies(path: Path): string[] | undefined {
    return this.has(path) ? this.competencies(path) : undefined;
  }

  checkCompetency(path: Path, id: string): void {
    const known = this.ctx.competencyIds;
    if (known && !known.has(id)) this.report(path, `unknown competency "${id}"`);
  }

  private checkCompetencies(path: Path, ids: string[]): string[] {
    const raw = this.get(path);
    ids.forEach((id) =>
      this.checkCompetency([...path, Array.isArray(raw) ? raw.indexOf(id) : 0], id),
    );
    return ids;
  }

  /** Reports keys the format does not define: a misspelt optional key would otherwise vanish silently. */
  onlyKeys(path: Path, allowed: readonly string[]): void {
    const value = path.length ? this.get(path) : this.src.data;
    if (!isRecord(value)) return;
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.report([...path, key], `unknown field "${formatPath([...path, key])}"`);
    }
  }

  /** Reports each repeated `id` among the items of a list, at the repeat. */
  uniqueIds(listPath: Path, what: string): void {
    const seen = new Set<unknown>();
    const items = this.get(listPath);
    if (!Array.isArray(items)) return;
    items.forEach((item, i) => {
      const id = isRecord(item) ? item.id : undefined;
      if (id === undefined) return;
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a YAML id may be any value; String() is how it is shown
      if (seen.has(id)) this.report([...listPath, i, 'id'], `duplicate ${what} id "${String(id)}"`);
      seen.add(id);
    });
  }
}

function rangeText(min: number, max: number): string {
  if (max === Infinity) return `at least ${min}`;
  if (min === -Infinity) return `at most ${max}`;
  return `between ${min} and ${max}`;
}
