import { error } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** Public: no account. Figures are computed per request, so an opt-out shows at the next load. */
export const load: PageServerLoad = async (event) => {
  const { data, error: err, response } = await api(event).GET('/api/network');
  if (!data) error(response.status, errorMessage(err));
  return { overview: data };
};
