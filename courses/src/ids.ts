import type { Reader } from './reader.js';

/**
 * Records an id that must be unique across all courses (modules, drills) and reports a repeat at the
 * repeat's `id` line, naming the file that had it first so the writer can choose which one to rename.
 */
export function claimId(registry: Map<string, string>, r: Reader, id: string, what: string): void {
  if (!id) return;
  const first = registry.get(id);
  if (first) r.report(['id'], `duplicate ${what} id "${id}" (also in ${first})`);
  else registry.set(id, r.file);
}
