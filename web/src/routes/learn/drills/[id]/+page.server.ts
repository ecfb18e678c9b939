import { error, fail, redirect } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { competencyNames } from '$lib/server/competency-names';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [{ data, response }, names] = await Promise.all([
    api(event).GET('/api/drills/{drillId}', {
      params: { path: { drillId: event.params.id }, query: { lang: event.locals.locale } },
    }),
    competencyNames(event),
  ]);
  if (!data) error(response.status, 'There is no drill with that id');
  return { drill: data, names };
};

export const actions: Actions = {
  start: async (event) => {
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/drills/{drillId}/attempts', {
      params: { path: { drillId: event.params.id }, query: { lang: event.locals.locale } },
    });
    if (!data) return fail(response.status, { message: errorMessage(err) });
    redirect(303, `/learn/drills/${event.params.id}/play`);
  },
};
