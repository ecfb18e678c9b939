import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data, response } = await api(event).GET('/api/drill-attempts/{id}/debrief', {
    params: { path: { id: event.params.attemptId }, query: { lang: event.locals.locale } },
  });
  if (!data) error(response.status, 'This debrief is not available');
  return { debrief: data };
};

export const actions: Actions = {
  reflect: async (event) => {
    const form = await event.request.formData();
    const reflection = formString(form, 'reflection');
    const {
      data,
      error: err,
      response,
    } = await api(event).PUT('/api/drill-attempts/{id}/reflection', {
      params: { path: { id: event.params.attemptId }, query: { lang: event.locals.locale } },
      body: { reflection },
    });
    if (!data)
      return fail(response.status, {
        message: errorMessage(err),
        errors: fieldErrors(err),
        reflection,
      });
    return { saved: true };
  },
};
