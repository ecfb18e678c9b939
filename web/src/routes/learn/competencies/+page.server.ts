import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/me/competencies');
  return { map: data ?? [] };
};

export const actions: Actions = {
  request: async (event) => {
    const form = await event.request.formData();
    const competencyId = formString(form, 'competencyId');
    const text = (k: string) => formString(form, k).trim() || undefined;
    const values = {
      reflection: text('reflection'),
      priorLearningNote: text('priorLearningNote'),
      priorLearningLink: text('priorLearningLink'),
    };
    const { data, error, response } = await api(event).POST(
      '/api/me/competencies/{id}/signoff-requests',
      { params: { path: { id: competencyId } }, body: values },
    );
    if (error || !data)
      return fail(response.status, {
        competencyId,
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { requested: data.competencyId };
  },
};
