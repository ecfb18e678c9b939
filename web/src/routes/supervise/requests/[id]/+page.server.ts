import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString, entryString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const { data, response } = await client.GET('/api/supervision/requests/{id}', {
    params: { path: { id: event.params.id } },
  });
  if (!data)
    error(
      response.status === 403 ? 403 : 404,
      response.status === 403 ? 'This volunteer is not in your cohort' : 'There is no such request',
    );
  const competency = await client.GET('/api/competencies/{id}', {
    params: { path: { id: data.competencyId } },
  });
  return { request: data, scale: (competency.data?.scale ?? []).map((s) => s.id) };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const scores: Record<string, string> = {};
    for (const [k, v] of form.entries())
      if (k.startsWith('score.')) scores[k.slice(6)] = entryString(v);
    const decision = form.get('decision') === 'sign_off' ? 'sign_off' : 'practice';
    const values = {
      level: formString(form, 'level'),
      comment: formString(form, 'comment'),
      practice: formString(form, 'practice').trim() || undefined,
      scores,
    };
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/supervision/requests/{id}/decision', {
      params: { path: { id: event.params.id } },
      body: { decision, ...values },
    });
    if (err || !data)
      return fail(response.status, {
        values,
        message: errorMessage(err),
        errors: fieldErrors(err),
      });
    return { decided: data.status };
  },
};
