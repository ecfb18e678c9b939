/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

// The offline service worker: SvelteKit's own (src/service-worker.ts, registered by the kit), not
// @vite-pwa/sveltekit — Workbox's precache manifest would download the whole build (3 MB, every course
// body in both languages) on a prepaid phone at install; here only the offline shell is downloaded at
// install and the rest is what the volunteer chose to keep.
//
// Caches:
//   kindred-shell-<version>   /offline and /support in both languages (fetched signed out: nobody's data),
//                             the static files and the scripts those pages run. Never evicted.
//   kindred-assets-<version>  built scripts and styles, kept as the pages use them (immutable names).
//   kindred-kept-<person>     pages one person kept (src/lib/offline/keep.ts), refreshed network-first;
//                             deleted on sign-out and when another person's page arrives.
//   kindred-state             whose phone it is now and the language of the offline pages.
import { build, files, version } from '$service-worker';
import {
  assetUrls,
  KEPT_PREFIX,
  keptCacheName,
  PERSON_HEADER,
  scriptImports,
  SHELL_LOCALES,
  SHELL_PAGES,
  STATE_CACHE,
  STATE_URL,
} from '$lib/offline/names';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `kindred-shell-${version}`;
const ASSETS = `kindred-assets-${version}`;
const BUILT = new Set(build);
const STATIC = new Set(files);

interface State {
  person: string | null;
  locale: string;
}

async function readState(): Promise<State> {
  const hit = await (await caches.open(STATE_CACHE)).match(STATE_URL);
  const saved = hit ? ((await hit.json()) as Partial<State>) : {};
  return { person: saved.person ?? null, locale: saved.locale ?? 'en' };
}

async function writeState(state: State): Promise<void> {
  await (await caches.open(STATE_CACHE)).put(STATE_URL, Response.json(state));
}

/** Deletes every person's kept pages except `keep`'s (all of them when `keep` is null). */
async function forgetPeople(keep: string | null): Promise<void> {
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((n) => n.startsWith(KEPT_PREFIX) && n !== (keep && keptCacheName(keep)))
      .map((n) => caches.delete(n)),
  );
}

/** The scripts and styles a page needs, following the scripts' own static imports. */
async function cacheAssetsOf(html: string, base: string, cache: Cache): Promise<void> {
  const queue = assetUrls(html, base);
  const seen = new Set<string>();
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    if (url.endsWith('.js')) queue.push(...scriptImports(await response.clone().text(), url));
    await cache.put(url, response);
  }
}

async function install(): Promise<void> {
  const shell = await caches.open(SHELL);
  await shell.addAll([...STATIC]);
  for (const path of SHELL_PAGES)
    for (const locale of SHELL_LOCALES) {
      // Signed out (no cookies) so the shell holds nobody's page; the language asked for explicitly.
      const response = await fetch(path, {
        credentials: 'omit',
        headers: { 'accept-language': locale },
      });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      const html = await response.clone().text();
      await shell.put(`${path}?lang=${locale}`, response);
      await cacheAssetsOf(html, new URL(path, sw.location.origin).href, shell);
    }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(install().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (
          (name.startsWith('kindred-shell-') && name !== SHELL) ||
          (name.startsWith('kindred-assets-') && name !== ASSETS)
        )
          await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

/** Built files never change under one name: from the cache, else the network (and kept). */
async function asset(request: Request): Promise<Response> {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && BUILT.has(new URL(request.url).pathname))
    await (await caches.open(ASSETS)).put(request, response.clone());
  return response;
}

/**
 * Pages: the network first. A page that arrives tells whose phone this is now (another person's page
 * means the previous person's kept pages are deleted) and refreshes a kept copy of that same page, only
 * for the person it was rendered for. Without a network: the person's kept copy, else /support or the
 * calm offline page, in the last language seen.
 */
async function page(event: FetchEvent): Promise<Response> {
  const { request } = event;
  try {
    const response = await fetch(request);
    event.waitUntil(remember(request, response.clone()));
    return response;
  } catch (error) {
    const state = await readState();
    if (state.person) {
      const kept = await (await caches.open(keptCacheName(state.person))).match(request.url);
      if (kept) return kept;
    }
    const shell = await caches.open(SHELL);
    const path = new URL(request.url).pathname === '/support' ? '/support' : '/offline';
    const fallback = await shell.match(`${path}?lang=${state.locale}`);
    if (fallback) return fallback;
    throw error;
  }
}

async function remember(request: Request, response: Response): Promise<void> {
  const person = response.headers.get(PERSON_HEADER);
  const locale = response.headers.get('content-language') ?? undefined;
  const state = await readState();
  if (person && person !== state.person) await forgetPeople(person);
  const next = { person: person ?? state.person, locale: locale ?? state.locale };
  if (next.person !== state.person || next.locale !== state.locale) await writeState(next);
  if (!person || !response.ok || response.redirected) return;
  const kept = await caches.open(keptCacheName(person));
  if (await kept.match(request.url)) await kept.put(request.url, response);
}

/** Signing out (shared phones): everyone's kept pages and the record of whose phone it was go. */
async function signedOut(): Promise<void> {
  await forgetPeople(null);
  const state = await readState();
  await writeState({ person: null, locale: state.locale });
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.method === 'POST' && url.pathname === '/sign-out') {
    event.waitUntil(signedOut());
    return;
  }
  if (request.method !== 'GET') return;
  if (BUILT.has(url.pathname) || STATIC.has(url.pathname)) event.respondWith(asset(request));
  else if (request.mode === 'navigate') event.respondWith(page(event));
});
