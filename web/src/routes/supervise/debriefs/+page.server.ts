import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { formString } from '$lib/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { data, error } = await api(event).GET('/api/supervision/debriefs');
  return {
    queue: data ?? [],
    loadError: error ? errorMessage(error) : null,
    now: new Date().toISOString(),
    today: new Date().toISOString().slice(0, 10),
  };
};

export const actions: Actions = {
  held: async (event) => {
    const form = await event.request.formData();
    const id = formString(form, 'id');
    const privateNotes = formString(form, 'privateNotes').trim();
    const body = {
      heldOn: formString(form, 'heldOn'),
      wellbeing: Number(formString(form, 'wellbeing')),
      ...(privateNotes ? { privateNotes } : {}),
    };
    const { data, error, response } = await api(event).POST('/api/supervision/debriefs/{id}/held', {
      params: { path: { id } },
      body,
    });
    if (!data)
      return fail(response.status, {
        id,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { held: true };
  },
};
