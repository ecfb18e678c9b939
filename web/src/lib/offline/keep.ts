// "Keep on this phone" for a course (issue 19): the service worker fetches the course's pages with the
// person's cookies and keeps them in their own cache (src/service-worker.ts, `keep`); this side lists
// the pages, loads the module bodies once so their scripts are cached too, keeps the course's drills
// (their pages and offline graphs, ./drills.ts) and records what was kept.
import type { components } from '$lib/api/schema';
import { loadDictionary, type Locale } from '$lib/i18n';
import { drillGraphPath, drillPaths } from './drills';
import { KEPT_INDEX, KEPT_PREFIX, keptCacheName, type KeepAnswer, type KeepRequest } from './names';

type Course = components['schemas']['CourseDetailDto'];
type DrillSummary = components['schemas']['DrillSummaryDto'];

export interface KeptCourse {
  slug: string;
  title: string;
  bytes: number;
  paths: string[];
  at: string;
}

export const canKeep = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'caches' in window;

/** The pages of a course read offline: the course, each module (past its content note) and its check. */
export function coursePaths(course: Course): string[] {
  return [
    '/learn',
    `/learn/courses/${course.slug}`,
    ...course.modules.flatMap((m) => [
      `/learn/modules/${m.id}`,
      ...(m.contentNote ? [`/learn/modules/${m.id}?ready`] : []),
      `/learn/modules/${m.id}/check`,
    ]),
  ];
}

async function ask(request: KeepRequest): Promise<KeepAnswer> {
  const registration = await navigator.serviceWorker.ready;
  const worker = navigator.serviceWorker.controller ?? registration.active;
  if (!worker) return { ok: false, reason: 'no service worker' };
  const channel = new MessageChannel();
  const answer = new Promise<KeepAnswer>((resolve) => {
    channel.port1.onmessage = (e: MessageEvent<KeepAnswer>) => resolve(e.data);
  });
  worker.postMessage(request, [channel.port2]);
  return answer;
}

const indexUrl = (slug: string) => `${KEPT_INDEX}${slug}`;

export async function keptCourse(person: string, slug: string): Promise<KeptCourse | null> {
  const hit = await (await caches.open(keptCacheName(person))).match(indexUrl(slug));
  return hit ? ((await hit.json()) as KeptCourse) : null;
}

/** Every kept course on this phone (there is only ever one person's: the worker deletes the others'). */
export async function allKept(): Promise<KeptCourse[]> {
  const found: KeptCourse[] = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(KEPT_PREFIX)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys())
      if (new URL(request.url).pathname.startsWith(KEPT_INDEX)) {
        const hit = await cache.match(request);
        if (hit) found.push((await hit.json()) as KeptCourse);
      }
  }
  return found.sort((a, b) => a.title.localeCompare(b.title));
}

/** The drills that belong with a course: those in its folder (`courses/<course>/drills/`). */
async function courseDrills(slug: string, locale: Locale): Promise<DrillSummary[]> {
  const response = await fetch(`/api/drills?lang=${locale}`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`/api/drills: ${response.status}`);
  return ((await response.json()) as DrillSummary[]).filter((d) => d.courseSlug === slug);
}

export async function keepCourse(
  person: string,
  course: Course,
  locale: Locale,
): Promise<KeptCourse> {
  const drills = await courseDrills(course.slug, locale);
  const pages = [...coursePaths(course), ...drills.flatMap((d) => drillPaths(d.id))];
  const answer = await ask({ type: 'keep', person, paths: pages });
  if (!answer.ok) throw new Error(answer.reason);
  let bytes = answer.bytes;
  // The graphs are API answers, which the worker leaves alone: kept here, in the same person's cache
  // (so signing out deletes them with the pages), and read from it by the offline player.
  const cache = await caches.open(keptCacheName(person));
  const graphs: string[] = [];
  for (const d of drills) {
    const path = drillGraphPath(d.id, locale);
    const response = await fetch(path, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    bytes += (await response.clone().text()).length;
    await cache.put(new URL(path, location.origin).href, response);
    graphs.push(path);
  }
  // The player and the whole dictionary of the language (its messages are not in the kept pages,
  // which carry only what their server render showed), loaded once here so the worker caches them.
  if (drills.length) await import('./OfflineDrill.svelte');
  await loadDictionary(locale);
  // The module bodies are in the kept pages' HTML (rendered on the server). The offline queue, which the kept check page imports only when it is answered offline,
  // and the notice that syncs it (the layout loads it the moment the signal returns, when the network
  // may not carry requests yet).
  await Promise.all([import('./queue'), import('./SyncNotice.svelte')]);
  const kept: KeptCourse = {
    slug: course.slug,
    title: course.title,
    bytes,
    paths: [...pages, ...graphs],
    at: new Date().toISOString(),
  };
  await (await caches.open(keptCacheName(person))).put(indexUrl(course.slug), Response.json(kept));
  return kept;
}

export async function removeCourse(person: string, slug: string): Promise<void> {
  const kept = await keptCourse(person, slug);
  if (!kept) return;
  const others = (await allKept()).filter((k) => k.slug !== slug).flatMap((k) => k.paths);
  const paths = kept.paths.filter((p) => !others.includes(p));
  const answer = await ask({ type: 'remove', person, paths: [...paths, indexUrl(slug)] });
  if (!answer.ok) throw new Error(answer.reason);
}
