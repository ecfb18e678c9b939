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

const answersOf = (form: FormData) => {
  const answers: Record<string, string> = {};
  for (const [key, value] of form)
    if (key.startsWith('q:') && typeof value === 'string' && value !== '')
      answers[key.slice(2)] = value;
  return answers;
};

/** Question ids the API named as not answered (`answers.<id>`). */
const unansweredIn = (body: unknown) =>
  ((body as { details?: { field: string }[] } | undefined)?.details ?? [])
    .map((d) => d.field)
    .filter((f) => f.startsWith('answers.'))
    .map((f) => f.slice('answers.'.length));

export const actions: Actions = {
  /** The page calls this on every choice (answers saved as you go); a reload then keeps them. */
  save: async (event) => {
    const answers = answersOf(await event.request.formData());
    const {
      data,
      error: err,
      response,
    } = await api(event).PUT('/api/modules/{id}/quiz/answers', {
      params: { path: { id: event.params.id } },
      body: { answers },
    });
    if (!data)
      return fail(response.status, { message: errorMessage(err), answers, saveFailed: true });
    return { saved: data.savedAt };
  },
  /** Grades on the API. Works as a plain form post; unanswered questions come back named, nothing graded. */
  grade: async (event) => {
    const form = await event.request.formData();
    const answers = answersOf(form);
    // sent by the page's script, and kept with the answers if the send fails on the way (see the page)
    const key = form.get('idempotency-key');
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/modules/{id}/attempts', {
      params: { path: { id: event.params.id }, query: { lang: event.locals.locale } },
      body: { answers },
      headers: typeof key === 'string' && key ? { 'idempotency-key': key } : {},
    });
    if (!data)
      return fail(response.status, {
        message: errorMessage(err),
        answers,
        unanswered: response.status === 422 ? unansweredIn(err) : [],
      });
    return { result: data };
  },
};
