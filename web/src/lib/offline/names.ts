// Names shared by the service worker (src/service-worker.ts), the pages that keep courses for offline
// and the server hooks. Nothing here touches the DOM or the worker scope, so all three can import it.

/** Response header naming the signed-in person a page was rendered for (set in hooks.server.ts). */
export const PERSON_HEADER = 'x-kindred-person';

/** One Cache Storage cache per person for the pages they kept: `kindred-kept-<person id>`. */
export const KEPT_PREFIX = 'kindred-kept-';
export const keptCacheName = (person: string) => `${KEPT_PREFIX}${person}`;

/** In a person's kept cache: one entry per kept course, describing what was kept (JSON). */
export const KEPT_INDEX = '/__kindred/kept/';

/** The worker's small state (whose phone this is right now, the language), kept across restarts. */
export const STATE_CACHE = 'kindred-state';
export const STATE_URL = '/__kindred/state';

/** Pages cached at install, for everyone, in both languages, and never evicted by keeping or sign-out. */
export const SHELL_PAGES = ['/offline', '/support'] as const;
export const SHELL_LOCALES = ['en', 'es'] as const;

/** The app's asset URLs an HTML page or a script refers to, resolved against `base`. */
export function assetUrls(text: string, base: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(
    /(?:\.{1,2}\/|\/)(?:\.\.\/)*_app\/immutable\/[^"'\s)]+?\.(?:js|css)/g,
  ))
    found.add(new URL(m[0], base).href);
  return [...found];
}

/** Module-relative imports inside a built script (`from"./x.js"`, `import("../x.js")`). */
export function scriptImports(text: string, base: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)].map(
    (m) => new URL(m[1], base).href,
  );
}
