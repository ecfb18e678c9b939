import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/drill-reviews', {
    params: { query: { lang: event.locals.locale } },
  });
  return { reviews: data ?? [] };
};

export const actions: Actions = {
  /** The supervisor has gone over the attempt with the volunteer: it leaves the queue. */
  close: async (event) => {
    const id = formString(await event.request.formData(), 'id');
    const { error, response } = await api(event).POST('/api/drill-reviews/{id}/close', {
      params: { path: { id } },
    });
    if (error) return fail(response.status, { message: errorMessage(error) });
    return { closed: true };
  },
};
