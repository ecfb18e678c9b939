import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/drills', {
    params: { query: { lang: event.locals.locale } },
  });
  return { drills: data ?? [], paused: event.url.searchParams.has('paused') };
};
