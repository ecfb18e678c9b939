import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data, error } = await api(event).GET('/api/supervision/practice-hours', {
    params: { query: { status: 'submitted' } },
  });
  return { hours: data ?? null, loadError: error ? errorMessage(error) : null };
};

export const actions: Actions = {
  verify: async (event) => {
    const id = formString(await event.request.formData(), 'id');
    const { error, response } = await api(event).POST(
      '/api/supervision/practice-hours/{id}/verify',
      { params: { path: { id } } },
    );
    if (error) return fail(response.status, { id, message: errorMessage(error) });
    return { verified: true };
  },
  return: async (event) => {
    const form = await event.request.formData();
    const id = formString(form, 'id');
    const note = formString(form, 'note');
    const { error, response } = await api(event).POST(
      '/api/supervision/practice-hours/{id}/return',
      { params: { path: { id } }, body: { note } },
    );
    if (error)
      return fail(response.status, {
        id,
        note,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { returned: true };
  },
  /** First step of the bulk verification: show what the week holds, change nothing. */
  reviewWeek: async (event) => {
    const weekOf = formString(await event.request.formData(), 'weekOf');
    const { data, error, response } = await api(event).GET('/api/supervision/practice-hours', {
      params: { query: { status: 'submitted', weekOf } },
    });
    if (error || !data)
      return fail(response.status, { message: errorMessage(error), errors: fieldErrors(error) });
    if (data.entries.length === 0) return { confirm: null, emptyWeek: true };
    const hours = Math.round(data.entries.reduce((a, e) => a + e.hours, 0) * 100) / 100;
    return {
      confirm: {
        weekOf: data.entries[0].weekOf,
        count: data.entries.length,
        hours,
        entries: data.entries,
      },
    };
  },
  verifyWeek: async (event) => {
    const form = await event.request.formData();
    const weekOf = formString(form, 'weekOf');
    const expectedCount = Number(form.get('expectedCount') ?? '');
    const { data, error, response } = await api(event).POST(
      '/api/supervision/practice-hours/verify-week',
      { body: { weekOf, expectedCount } },
    );
    if (error || !data)
      return fail(response.status, { message: errorMessage(error), errors: fieldErrors(error) });
    return { weekVerified: data };
  },
};
