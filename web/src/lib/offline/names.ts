// Names shared by the service worker (src/service-worker.ts), the pages that keep courses for offline
// and the server hooks. Nothing here touches the DOM or the worker scope, so all three can import it.

/** Set in localStorage while answers wait in the offline queue (queue.ts), so the layout loads the
 * queue's code only when there is work. */
export const QUEUE_WAITING_FLAG = 'kindred-queue-waiting';
/** Dispatched on `window` when something is queued while the phone says it is online (a send that
 * failed on a signal that carries nothing), so the layout starts syncing without waiting for 'online'. */
export const QUEUED_EVENT = 'kindred-queued';

/** Response header naming the signed-in person a page was rendered for (set in hooks.server.ts). */
export const PERSON_HEADER = 'x-kindred-person';

/** One Cache Storage cache per person for the pages they kept: `kindred-kept-<person id>`. */
export const KEPT_PREFIX = 'kindred-kept-';
export const keptCacheName = (person: string) => `${KEPT_PREFIX}${person}`;

/** In a person's kept cache: one entry per kept course, describing what was kept (JSON). */
export const KEPT_INDEX = '/__kindred/kept/';

/** Asked by a page (src/lib/offline/keep.ts): keep or remove one person's pages, answered on a port. */
export type KeepRequest =
  | { type: 'keep'; person: string; paths: string[] }
  | { type: 'remove'; person: string; paths: string[] };
export type KeepAnswer = { ok: true; bytes: number } | { ok: false; reason: string };

/** The worker's small state (whose phone this is right now, the language), kept across restarts. */
export const STATE_CACHE = 'kindred-state';
export const STATE_URL = '/__kindred/state';

/** Pages cached at install, for everyone, in both languages, and never evicted by keeping or sign-out. */
export const SHELL_PAGES = ['/offline', '/support'] as const;
export const SHELL_LOCALES = ['en', 'es'] as const;

/**
 * What an HTML page needs to run, resolved against `base`: its styles and entry scripts, and the route
 * nodes its inline bootstrap names (`node_ids: [0, 41]`; the app entry imports them by hashed names the
 * service worker finds in its build list). A missing node makes the kit reload the page: forever, offline.
 */
export function pageAssets(html: string, base: string): { urls: string[]; nodes: string[] } {
  const urls = new Set<string>();
  for (const m of html.matchAll(
    /(?:\.{1,2}\/|\/)(?:\.\.\/)*_app\/immutable\/[^"'\s)]+?\.(?:js|css)/g,
  ))
    urls.add(new URL(m[0], base).href);
  const nodes = /node_ids:\s*\[([\d,\s]+)\]/.exec(html)?.[1].split(',') ?? [];
  return { urls: [...urls], nodes: nodes.map((n) => n.trim()).filter(Boolean) };
}

/**
 * The static imports of a built script (`from"./x.js"`, `import"./x.js"`); dynamic `import("…")` are
 * other pages (or every course body), fetched when used.
 */
export function scriptImports(text: string, base: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)].map(
    (m) => new URL(m[1], base).href,
  );
}
