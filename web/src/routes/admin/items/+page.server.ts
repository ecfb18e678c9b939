import { error } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const {
    data,
    error: err,
    response,
  } = await api(event).GET('/api/item-analysis', {
    params: { query: { lang: event.locals.locale } },
  });
  if (!data) error(response.status, errorMessage(err));
  return { report: data };
};
