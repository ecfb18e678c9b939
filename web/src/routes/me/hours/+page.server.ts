import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data, error } = await api(event).GET('/api/practice-hours');
  return {
    log: data ?? null,
    loadError: error ? errorMessage(error) : null,
    today: new Date().toISOString().slice(0, 10),
  };
};

function read(form: FormData) {
  const reflection = formString(form, 'reflection').trim();
  return {
    workedOn: formString(form, 'workedOn'),
    hours: Number(formString(form, 'hours').replace(',', '.')),
    setting: formString(form, 'setting'),
    category: formString(form, 'category'),
    ...(reflection ? { reflection } : {}),
  };
}

export const actions: Actions = {
  log: async (event) => {
    const form = await event.request.formData();
    const values = read(form);
    const { error, response } = await api(event).POST('/api/practice-hours', { body: values });
    if (error)
      return fail(response.status, {
        action: 'log',
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    // "This one was hard" is never sent with the entry: it only opens the volunteer's private check-in.
    if (formString(form, 'hard') === 'on') redirect(303, '/me/wellbeing/check-in?occasion=hours');
    return { logged: true };
  },
  resubmit: async (event) => {
    const form = await event.request.formData();
    const id = formString(form, 'id');
    const values = read(form);
    const { error, response } = await api(event).PUT('/api/practice-hours/{id}', {
      params: { path: { id } },
      body: values,
    });
    if (error)
      return fail(response.status, {
        action: 'resubmit',
        id,
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { resubmitted: true };
  },
};
