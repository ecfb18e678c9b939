import { error, fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const params = { path: { id: event.params.id }, query: { lang: event.locals.locale } };
  const [quiz, module] = await Promise.all([
    client.GET('/api/modules/{id}/quiz', { params }),
    client.GET('/api/modules/{id}', { params }),
  ]);
  if (!quiz.data || !module.data)
    error(
      quiz.response.status >= 400 ? quiz.response.status : module.response.status,
      errorMessage(quiz.error ?? module.error),
    );
  return { quiz: quiz.data, module: module.data };
};

export const actions: Actions = {
  /** Grades on the API; the page shows every explanation. Works as a plain form post. */
  default: async (event) => {
    const form = await event.request.formData();
    const answers: Record<string, string> = {};
    for (const [key, value] of form)
      if (key.startsWith('q:') && typeof value === 'string') answers[key.slice(2)] = value;
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/modules/{id}/attempts', {
      params: { path: { id: event.params.id }, query: { lang: event.locals.locale } },
      body: { answers },
    });
    if (!data) return fail(response.status, { message: errorMessage(err), answers });
    return { result: data };
  },
};
