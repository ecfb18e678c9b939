import { error } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const query = { query: { lang: event.locals.locale } };
  const [mine, catalog, pathway, programs] = await Promise.all([
    client.GET('/api/learning', { params: query }),
    client.GET('/api/courses', { params: query }),
    client.GET('/api/me/pathway'),
    client.GET('/api/certificates/mine/progress'),
  ]);
  if (!mine.data || !catalog.data)
    error(
      mine.response.status >= 400 ? mine.response.status : 502,
      errorMessage(mine.error ?? catalog.error),
    );

  // Tonight's step follows the path: the courses the next pathway stage asks for, in its order, then those
  // of the certificate programs still open, then the catalog. The first course not finished gives it.
  const next = pathway.data?.[0]?.next ?? null;
  const open = (programs.data ?? []).filter((p) => !p.met && !p.held);
  const order = [
    ...(next?.items ?? []).filter((i) => i.kind === 'course' && i.ref).map((i) => i.ref!),
    ...open.flatMap((p) => p.requirements.filter((r) => r.kind === 'course').map((r) => r.id)),
    ...catalog.data.map((c) => c.slug),
  ];
  const bySlug = new Map(catalog.data.map((c) => [c.slug, c]));
  const slug = order.find((s) => {
    const c = bySlug.get(s);
    return c && c.completedModules < c.moduleCount;
  });
  let tonight = null;
  if (slug) {
    const { data: course } = await client.GET('/api/courses/{slug}', {
      params: { path: { slug }, query: { lang: event.locals.locale } },
    });
    const module = course?.modules.find((m) => m.id === course.nextModuleId);
    if (course && module)
      tonight = {
        moduleId: module.id,
        title: module.title,
        minutes: module.minutes,
        status: module.status,
        position: course.modules.indexOf(module) + 1,
        moduleCount: course.moduleCount,
        courseSlug: course.slug,
        courseTitle: course.title,
        // what finishing this course counts toward: the next stage of the pathway, programs still open
        countsToward: [
          ...(next?.items.some((i) => i.kind === 'course' && i.ref === slug) ? [next.name] : []),
          ...open
            .filter((p) => p.requirements.some((r) => r.kind === 'course' && r.id === slug))
            .map((p) => p.name),
        ],
      };
  }
  const startHere =
    mine.data.completedModules === 0 &&
    mine.data.courses.every((c) => c.next?.status !== 'started');
  return { mine: mine.data, catalog: catalog.data, tonight, startHere };
};
