import { error } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const query = { query: { lang: event.locals.locale } };
  const [mine, catalog] = await Promise.all([
    client.GET('/api/learning', { params: query }),
    client.GET('/api/courses', { params: query }),
  ]);
  if (!mine.data || !catalog.data)
    error(
      mine.response.status >= 400 ? mine.response.status : 502,
      errorMessage(mine.error ?? catalog.error),
    );
  return { mine: mine.data, catalog: catalog.data };
};
