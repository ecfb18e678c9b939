/**
 * Where to go after sign-in: `next` only when it resolves, against this origin, to this origin; browsers
 * read `\` as `/` and drop tabs and newlines, so `/\evil.example` or `/<TAB>/evil.example` is another site.
 * Resolving it as the browser will is the one check that covers every such spelling.
 */
export function safeNext(next: string | null, origin: string): string | null {
  if (!next || !next.startsWith('/')) return null;
  let target: URL;
  try {
    target = new URL(next, origin);
  } catch {
    return null;
  }
  if (target.origin !== new URL(origin).origin) return null;
  return target.pathname + target.search + target.hash;
}
