import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const [queue, cohort] = await Promise.all([
    client.GET('/api/supervision/queue'),
    client.GET('/api/supervision/cohort'),
  ]);
  return { queue: queue.data ?? [], cohort: cohort.data ?? { competencies: [], volunteers: [] } };
};
