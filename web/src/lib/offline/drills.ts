// Drills kept for offline play (issue 19): a drill belongs with the course whose folder holds it
// (`courses/<course>/drills/`, the API's `courseSlug`), so keeping a course keeps its drills: their two
// pages and their offline graph (`GET /api/drills/:id/offline`: texts and links, no scores or feedback),
// which the page stores in the person's kept cache and the offline player reads from there.
import type { components } from '$lib/api/schema';
import { keptCacheName } from './names';

export type OfflineGraph = components['schemas']['DrillOfflineDto'];

export const drillGraphPath = (drillId: string, lang: string) =>
  `/api/drills/${encodeURIComponent(drillId)}/offline?lang=${lang}`;

/** The pages of a drill played offline: its page (content note, Start/Resume) and its play page. */
export const drillPaths = (drillId: string) => [
  `/learn/drills/${drillId}`,
  `/learn/drills/${drillId}/play`,
];

/** The kept graph of a drill in `lang`, else in whichever language it was kept. */
export async function keptGraph(
  person: string,
  drillId: string,
  lang: string,
): Promise<OfflineGraph | null> {
  const cache = await caches.open(keptCacheName(person));
  const url = new URL(drillGraphPath(drillId, lang), location.origin).href;
  const hit = (await cache.match(url)) ?? (await cache.match(url, { ignoreSearch: true }));
  return hit ? ((await hit.json()) as OfflineGraph) : null;
}
