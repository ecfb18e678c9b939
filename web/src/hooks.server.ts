import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import { redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import setCookie from 'set-cookie-parser';
import { api } from '$lib/server/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  carriedMessages,
  negotiateLocale,
  onLookup,
  type Locale,
  type MessageKey,
} from '$lib/i18n';
import '$lib/i18n/dictionaries';
import { hasRole, type Role } from '$lib/roles';
import { PERSON_HEADER } from '$lib/offline/names';

const CSRF_COOKIE = 'kindred_csrf';

/** Set by the API (api/src/bootstrap.ts) when this app runs inside its process. */
type InProcessApi = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: ArrayBuffer;
  page?: object;
}) => Promise<Response>;

/**
 * One context per page request, given to every in-process API call of that page: the API resolves the
 * person once (the first call) and answers the page's further GETs with it, instead of once per call.
 */
const pageContexts = new WeakMap<App.Locals, object>();
const pageContext = (event: RequestEvent) => {
  let page = pageContexts.get(event.locals);
  if (!page) pageContexts.set(event.locals, (page = {}));
  return page;
};

/**
 * The messages each page's render looks up, so the page carries exactly those to the browser
 * (`#kindred-messages` in app.html) instead of the browser downloading both whole dictionaries.
 */
const lookups = new AsyncLocalStorage<Map<string, [Locale, MessageKey]>>();
onLookup((locale, key) => lookups.getStore()?.set(`${locale}:${key}`, [locale, key]));

/** Which role each area needs; the API enforces the same rules on every call. */
const AREAS: [string, Role | 'signed-in'][] = [
  ['/admin', 'coordinator'],
  ['/supervise', 'supervisor'],
  ['/institution', 'institution_staff'],
  ['/learn', 'volunteer'],
  ['/me', 'signed-in'],
];

export const handle: Handle = async ({ event, resolve }) => {
  const hasSession = Boolean(event.cookies.get('kindred_session'));
  const session = hasSession ? await api(event).GET('/api/auth/session') : undefined;
  event.locals.user = session?.data?.user ?? null;
  event.locals.unread = session?.data?.unread ?? 0;
  event.locals.locale = negotiateLocale(
    event.locals.user?.locale,
    event.cookies.get('kindred_lang'),
    event.request.headers.get('accept-language'),
  );

  const area = AREAS.find(
    ([prefix]) => event.url.pathname === prefix || event.url.pathname.startsWith(prefix + '/'),
  );
  if (area) {
    const user = event.locals.user;
    if (!user)
      redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    if (area[1] !== 'signed-in' && !hasRole(user, area[1])) redirect(303, '/me?denied=1');
  }
  const used = new Map<string, [Locale, MessageKey]>();
  const response = await lookups.run(used, () =>
    resolve(event, {
      transformPageChunk: ({ html }) =>
        html
          .replace('%lang%', event.locals.locale)
          .replace('%kindred.messages%', () => carriedMessages(used.values())),
    }),
  );
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  // A signed-in page (or its data) holds someone's own things: never kept by the browser or a shared cache,
  // so Back after signing out cannot show it again. Signing out itself answers no-store too.
  if (event.locals.user || hasSession) response.headers.set('cache-control', 'no-store');
  // For the service worker (src/service-worker.ts): whose page this is, so a page kept for offline is
  // only ever shown to the person it was rendered for, and in which language the offline pages answer.
  if (event.locals.user) response.headers.set(PERSON_HEADER, event.locals.user.id);
  response.headers.set('content-language', event.locals.locale);
  return response;
};

/** Relays the API's Set-Cookie headers (session, CSRF token) to the browser. */
function relayCookies(event: RequestEvent, response: Response): void {
  for (const c of setCookie.parse(response.headers.getSetCookie(), { decodeValues: true })) {
    event.cookies.set(c.name, c.value, {
      path: c.path ?? '/',
      expires: c.expires,
      maxAge: c.maxAge,
      httpOnly: c.httpOnly ?? false,
      secure: c.secure ?? false,
      sameSite: (c.sameSite?.toLowerCase() as 'lax' | 'strict' | 'none' | undefined) ?? 'lax',
    });
  }
}

/**
 * Server-side calls to `/api/*` go straight to the API in this process (KINDRED_API_INTERNAL) with the
 * person's cookies, the CSRF token and the original host, instead of out through the public address.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const internal = env.KINDRED_API_INTERNAL;
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/') || !internal)
    return fetch(request);
  const headers = new Headers(request.headers);
  const cookies = event.cookies.getAll();
  if (cookies.length)
    headers.set(
      'cookie',
      cookies.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; '),
    );
  const csrf = event.cookies.get(CSRF_COOKIE);
  if (csrf) headers.set('x-csrf-token', csrf);
  headers.set('x-forwarded-host', event.url.host);
  headers.set('x-forwarded-proto', event.url.protocol.replace(':', ''));
  headers.set('x-forwarded-for', event.getClientAddress());
  // The API answers people in the page's language (its messages, e-mails it writes on this request).
  headers.set('accept-language', event.locals.locale);
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  // In the API's own process, the API's handler is called directly (no HTTP round trip); otherwise the
  // global fetch, not SvelteKit's: when the page's own origin is the internal address (127.0.0.1),
  // SvelteKit's fetch would route /api/* back into SvelteKit, whose hooks would call the API again, forever.
  const inProcess = (globalThis as { kindredApi?: InProcessApi }).kindredApi;
  const response = inProcess
    ? await inProcess({
        method: request.method,
        url: url.pathname + url.search,
        headers: { ...Object.fromEntries(headers), host: new URL(internal).host },
        body,
        page: pageContext(event),
      })
    : await globalThis.fetch(new URL(url.pathname + url.search, internal), {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
      });
  relayCookies(event, response);
  return response;
};
