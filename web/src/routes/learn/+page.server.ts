import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, type Schemas } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const query = { query: { lang: event.locals.locale } };
  const [mine, catalog, pathway, programs, reminders] = await Promise.all([
    client.GET('/api/learning', { params: query }),
    client.GET('/api/courses', { params: query }),
    client.GET('/api/me/pathway'),
    client.GET('/api/certificates/mine/progress'),
    client.GET('/api/me/reminders'),
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
  return {
    mine: mine.data,
    catalog: catalog.data,
    tonight,
    startHere,
    evening: evening(reminders.data, event.locals.locale),
  };
};

/**
 * "Not tonight" on /learn: which evening it would skip (tonight, or the next chosen one once tonight's
 * reminder went out) or is skipping, said as a day in the reader's language. Null without reminders.
 */
function evening(r: Schemas['ReminderScheduleDto'] | undefined, locale: string) {
  if (!r || !r.days.length || !r.timeZone) return null;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: r.timeZone }).format(new Date());
  const day = (date: string) =>
    new Date(`${date}T12:00:00Z`).toLocaleDateString(locale === 'es' ? 'es-US' : 'en-US', {
      weekday: 'long',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
  return {
    skipping: r.skipping ? day(r.skipping) : null,
    tonight: r.nextToSkip === today,
    next: r.nextToSkip ? day(r.nextToSkip) : null,
  };
}

export const actions: Actions = {
  notTonight: async (event) => {
    const { error, response } = await api(event).POST('/api/me/reminders/snooze');
    if (error) return fail(response.status, { snoozeMessage: errorMessage(error) });
    return { snoozed: true };
  },
};
