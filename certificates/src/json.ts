import { createHash } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value that may be one item or a list of them, as JSON-LD allows, always as a list. */
export function asList<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** JSON with object keys sorted at every level, so the same data always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The digest a verification cache is keyed by: identical content, however it was formatted. */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** XSD dateTimeStamp in UTC, to the second, as the VC data model and most verifiers expect. */
export function xsdDate(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new TypeError(`not a valid date: ${String(date)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Removes keys whose value is undefined, so optional inputs never reach the signed JSON. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}
