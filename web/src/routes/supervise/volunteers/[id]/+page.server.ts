import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const params = { path: { volunteerId: event.params.id } };
  const [{ data, response }, evidence] = await Promise.all([
    api(event).GET('/api/supervision/volunteers/{volunteerId}/sessions', { params }),
    api(event).GET('/api/supervision/volunteers/{volunteerId}/evidence', { params }),
  ]);
  if (!data)
    error(
      response.status === 403 ? 403 : 404,
      response.status === 403 ? 'This volunteer is not in your cohort' : 'Not found',
    );
  return {
    log: data,
    evidence: evidence.data ?? [],
    today: new Date().toISOString().slice(0, 10),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      kind: formString(form, 'kind', 'session') as 'session' | 'debrief',
      heldOn: formString(form, 'heldOn'),
      topics: formString(form, 'topics')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      wellbeing: Number(form.get('wellbeing') ?? 0),
      privateNotes: formString(form, 'privateNotes'),
    };
    const { error: err, response } = await api(event).POST('/api/supervision/sessions', {
      body: { volunteerId: event.params.id, ...values },
    });
    if (err)
      return fail(response.status, {
        values: { ...values, topics: values.topics.join(', ') },
        message: errorMessage(err),
        errors: fieldErrors(err),
      });
    return { saved: true };
  },
};
