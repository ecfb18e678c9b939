import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { formString } from '$lib/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/sign-in?next=/me/wellbeing');
  const { data, error } = await api(event).GET('/api/me/wellbeing');
  return {
    wellbeing: data ?? null,
    loadError: error ? errorMessage(error) : null,
    saved: event.url.searchParams.get('saved'),
    today: new Date().toISOString().slice(0, 10),
  };
};

export const actions: Actions = {
  rest: async (event) => {
    const startsOn = formString(await event.request.formData(), 'startsOn');
    const { data, error, response } = await api(event).PUT('/api/me/wellbeing/rest-week', {
      body: startsOn ? { startsOn } : {},
    });
    if (!data)
      return fail(response.status, {
        action: 'rest',
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { action: 'rest', started: true };
  },
  endRest: async (event) => {
    const { error, response } = await api(event).DELETE('/api/me/wellbeing/rest-week');
    if (error) return fail(response.status, { action: 'endRest', message: errorMessage(error) });
    return { action: 'endRest', ended: true };
  },
};
