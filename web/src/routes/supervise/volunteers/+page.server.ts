import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** The supervision log's own place: every volunteer of the supervisor's cohort, each with a link to the log. */
export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/supervision/cohort');
  return {
    volunteers: (data?.volunteers ?? [])
      .map((v) => ({ id: v.id, name: v.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
};
