import { redirect } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/sign-in?next=/me/wellbeing');
  const { data, error } = await api(event).GET('/api/me/wellbeing');
  return {
    wellbeing: data ?? null,
    loadError: error ? errorMessage(error) : null,
    saved: event.url.searchParams.get('saved'),
  };
};
