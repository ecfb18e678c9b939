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
  KEPT_PREFIX,
  keptCacheName,
  pageAssets,
  PERSON_HEADER,
  scriptImports,
  SHELL_LOCALES,
  SHELL_PAGES,
  STATE_CACHE,
  STATE_URL,
  type KeepAnswer,
  type KeepRequest,
} from '$lib/offline/names';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `kindred-shell-${version}`;
const ASSETS = `kindred-assets-${version}`;
const BUILT = new Set(build);
const origin = sw.location.origin;
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
      .filter(
        (n) =>
          (n.startsWith(KEPT_PREFIX) && n !== (keep && keptCacheName(keep))) ||
          (keep === null && n.startsWith('kindred-assets-') && n !== ASSETS),
      )
      .map((n) => caches.delete(n)),
  );
}

/**
 * A shared phone: the previous person's evening reminders must not show here. Unsubscribing ends the
 * endpoint at the push service, so the server's next push to it is answered 410 and its row is deleted.
 */
async function forgetPush(): Promise<void> {
  try {
    await (await sw.registration.pushManager?.getSubscription())?.unsubscribe();
  } catch {
    // no push here, or the browser refused: nothing was subscribed to forget
  }
}

/**
 * The scripts and styles a page needs, following the scripts' static imports; the bytes of those not
 * in `seen` (the pages of one course share most of theirs).
 */
async function cacheAssetsOf(
  html: string,
  base: string,
  cache: Cache,
  seen = new Set<string>(),
): Promise<number> {
  const { urls, nodes } = pageAssets(html, base);
  for (const n of nodes) {
    const file = build.find(
      (f) => f.startsWith(`/_app/immutable/nodes/${n}.`) && f.endsWith('.js'),
    );
    if (file) urls.push(new URL(file, origin).href);
  }
  let bytes = 0;
  while (urls.length) {
    const url = urls.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const hit = await caches.match(url);
    const response = hit ?? (await fetch(url));
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const text = await response.clone().text();
    bytes += text.length;
    if (url.endsWith('.js')) urls.push(...scriptImports(text, url));
    if (!hit) await cache.put(url, response);
  }
  return bytes;
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
      await cacheAssetsOf(html, new URL(path, origin).href, shell);
    }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(install().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // A kept page runs the scripts of the version it was kept with: those stay while anything is
      // kept (until it is refreshed online, or the person signs out).
      const names = await caches.keys();
      const keeping = names.some((n) => n.startsWith(KEPT_PREFIX));
      for (const name of names)
        if (
          (name.startsWith('kindred-shell-') && name !== SHELL) ||
          (name.startsWith('kindred-assets-') && name !== ASSETS && !keeping)
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
 * calm offline page (cached at install), in the last language seen.
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
    const url = new URL(request.url);
    // Another page goes to /offline (a redirect, not its HTML under this address: the page's scripts
    // are linked relative to its own path, and the router would take it for the page asked for).
    if (url.pathname !== '/support' && url.pathname !== '/offline')
      return Response.redirect(`/offline?from=${encodeURIComponent(url.pathname + url.search)}`);
    const shell = await (await caches.open(SHELL)).match(`${url.pathname}?lang=${state.locale}`);
    if (shell) return shell;
    throw error;
  }
}

/** Notes whose phone it is from a page or its data; another person's means the previous one's go. */
async function observe(response: Response): Promise<string | null> {
  const person = response.headers.get(PERSON_HEADER);
  const locale = response.headers.get('content-language') ?? undefined;
  const state = await readState();
  if (person && person !== state.person) {
    await forgetPeople(person);
    if (state.person) await forgetPush();
  }
  const next = { person: person ?? state.person, locale: locale ?? state.locale };
  if (next.person !== state.person || next.locale !== state.locale) await writeState(next);
  return person;
}

async function remember(request: Request, response: Response): Promise<void> {
  const person = await observe(response);
  if (!person || !response.ok || response.redirected) return;
  const kept = await caches.open(keptCacheName(person));
  if (await kept.match(request.url)) await kept.put(request.url, response);
}

/** Signing out (shared phones): everyone's kept pages and the record of whose phone it was go. */
async function signedOut(): Promise<void> {
  await forgetPeople(null);
  await forgetPush();
  const state = await readState();
  await writeState({ person: null, locale: state.locale });
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== origin || url.pathname.startsWith('/api/')) return;
  if (request.method === 'POST' && url.pathname === '/sign-out') {
    event.waitUntil(signedOut());
    return;
  }
  if (request.method !== 'GET') {
    // A form sent with no network: the calm page (with the way back), not the browser's error.
    if (request.mode === 'navigate')
      event.respondWith(
        fetch(request).then(
          (response) => {
            event.waitUntil(observe(response.clone()));
            return response;
          },
          () => Response.redirect(`/offline?from=${encodeURIComponent(url.pathname + url.search)}`),
        ),
      );
    return;
  }
  if (BUILT.has(url.pathname) || STATIC.has(url.pathname)) event.respondWith(asset(request));
  else if (request.mode === 'navigate') event.respondWith(page(event));
  else if (url.pathname.endsWith('/__data.json'))
    // a page's data on a client-side navigation (signing in is one): it names the person too
    event.respondWith(
      fetch(request).then((response) => {
        event.waitUntil(observe(response.clone()));
        return response;
      }),
    );
});

/**
 * Keeps pages for `person`: each fetched with their cookies and kept only if the server rendered it for
 * that same person (never someone else's page, nor the sign-in page a lapsed session redirects to).
 */
async function keep(person: string, paths: string[]): Promise<number> {
  const kept = await caches.open(keptCacheName(person));
  const assets = await caches.open(ASSETS);
  const seen = new Set<string>();
  let bytes = 0;
  for (const path of paths) {
    const url = new URL(path, origin);
    if (url.origin !== origin) throw new Error(`${path}: not this site`);
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok || response.redirected || response.headers.get(PERSON_HEADER) !== person)
      throw new Error(`${url.pathname}: not this person's page (${response.status})`);
    const html = await response.clone().text();
    bytes += html.length + (await cacheAssetsOf(html, url.href, assets, seen));
    await kept.put(url.href, response);
  }
  return bytes;
}

sw.addEventListener('message', (event) => {
  const ask = event.data as KeepRequest;
  const port = event.ports[0];
  if (!port || (ask.type !== 'keep' && ask.type !== 'remove')) return;
  const work =
    ask.type === 'keep'
      ? keep(ask.person, ask.paths)
      : caches
          .open(keptCacheName(ask.person))
          .then((c) => Promise.all(ask.paths.map((p) => c.delete(new URL(p, origin).href))))
          .then(() => 0);
  event.waitUntil(
    work.then(
      (bytes) => port.postMessage({ ok: true, bytes } satisfies KeepAnswer),
      (error: unknown) =>
        port.postMessage({
          ok: false,
          reason: error instanceof Error ? error.message : String(error),
        } satisfies KeepAnswer),
    ),
  );
});

// ---- evening reminders by Web Push (api/src/reminders/push.service.ts sends { title, body, url, tag })
interface PushMessage {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
  /** the "not tonight" button's title, in the person's language */
  skip?: string;
}

sw.addEventListener('push', (event) => {
  let message: PushMessage = {};
  try {
    message = (event.data?.json() ?? {}) as PushMessage;
  } catch {
    // A push whose payload is not our JSON still shows something: browsers penalise silent pushes.
  }
  // Only a path inside this app is opened on a tap; anything else goes to /learn.
  const url =
    message.url?.startsWith('/') && !message.url.startsWith('//') ? message.url : '/learn';
  event.waitUntil(
    sw.registration.showNotification(message.title ?? 'Kindred', {
      body: message.body ?? '',
      tag: message.tag ?? 'kindred-evening',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url },
      // Not in every browser (Chromium shows them; others ignore the field).
      ...(message.skip ? { actions: [{ action: 'not-tonight', title: message.skip }] } : {}),
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: string } | null;
  const path = event.action === 'not-tonight' ? '/learn#not-tonight' : (data?.url ?? '/learn');
  const target = new URL(path, origin).href;
  event.waitUntil(
    (async () => {
      // An open Kindred tab is reused (navigated to /learn) rather than opening another.
      const tabs = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const tab of tabs) {
        if (new URL(tab.url).origin !== origin) continue;
        await tab.focus();
        await tab.navigate(target).catch(() => undefined);
        return;
      }
      await sw.clients.openWindow(target);
    })(),
  );
});
