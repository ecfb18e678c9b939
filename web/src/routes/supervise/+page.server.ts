import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** What waits for the supervisor, counted: the overview links each to its queue. */
export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const [queue, cohort, hours, reviews] = await Promise.all([
    client.GET('/api/supervision/queue'),
    client.GET('/api/supervision/cohort'),
    client.GET('/api/supervision/practice-hours', { params: { query: { status: 'submitted' } } }),
    client.GET('/api/drill-reviews', { params: { query: { lang: event.locals.locale } } }),
  ]);
  const entries = hours.data?.entries ?? [];
  return {
    volunteers: cohort.data?.volunteers.length ?? 0,
    signOffs: queue.data?.length ?? 0,
    hoursEntries: entries.length,
    hours: entries.reduce((sum, e) => sum + e.hours, 0),
    reviews: reviews.data?.length ?? 0,
  };
};
