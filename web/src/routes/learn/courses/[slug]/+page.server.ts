import { error, fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { competencyNames } from '$lib/server/competency-names';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [{ data, error: err, response }, names] = await Promise.all([
    api(event).GET('/api/courses/{slug}', {
      params: { path: { slug: event.params.slug }, query: { lang: event.locals.locale } },
    }),
    competencyNames(event),
  ]);
  if (!data) error(response.status, errorMessage(err));
  return { course: data, names };
};

export const actions: Actions = {
  enroll: async (event) => {
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/courses/{slug}/enrollment', {
      params: { path: { slug: event.params.slug }, query: { lang: event.locals.locale } },
    });
    if (!data) return fail(response.status, { message: errorMessage(err) });
    return { enrolled: true };
  },
};
