import type { Problem } from './types.js';

/** Shared state of one `loadContent` run. Loaders report into it instead of throwing. */
export interface LoadContext {
  /** absolute content root */
  root: string;
  problems: Problem[];
  /** null when competencies.yaml could not be read: then unknown-id checks would only add noise */
  competencyIds: ReadonlySet<string> | null;
  /** module id → file that first used it, across all courses (translations reuse ids on purpose) */
  moduleIds: Map<string, string>;
  /** drill id → file that first used it */
  drillIds: Map<string, string>;
}

export function newContext(root: string): LoadContext {
  return { root, problems: [], competencyIds: null, moduleIds: new Map(), drillIds: new Map() };
}

export function report(ctx: LoadContext, file: string, line: number, message: string): void {
  ctx.problems.push({ file, line: Math.max(1, line), message });
}
