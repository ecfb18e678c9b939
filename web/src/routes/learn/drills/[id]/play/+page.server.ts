import { error, fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

async function openAttempt(event: Parameters<PageServerLoad>[0]) {
  const client = api(event);
  const { data, response } = await client.GET('/api/drills/{drillId}', {
    params: { path: { drillId: event.params.id }, query: { lang: event.locals.locale } },
  });
  if (!data) error(response.status, 'There is no drill with that id');
  return { drill: data, open: data.attempts.find((a) => a.status === 'open') };
}

export const load: PageServerLoad = async (event) => {
  const { drill, open } = await openAttempt(event);
  // The feedback of the last choice is shown by the action; without an open attempt there is nothing to play.
  if (!open) return { drill, state: null };
  const { data } = await api(event).GET('/api/drill-attempts/{id}', {
    params: { path: { id: open.id }, query: { lang: event.locals.locale } },
  });
  return { drill, state: data ?? null };
};

export const actions: Actions = {
  choose: async (event) => {
    const form = await event.request.formData();
    const attemptId = formString(form, 'attempt');
    const choice = Number(form.get('choice'));
    const {
      data,
      error: err,
      response,
    } = await api(event).POST('/api/drill-attempts/{id}/choices', {
      params: { path: { id: attemptId }, query: { lang: event.locals.locale } },
      body: { choice },
    });
    if (!data)
      return fail(response.status, { message: errorMessage(err), errors: fieldErrors(err) });
    return { chosen: data.chosen, feedback: data.feedback, finished: data.finished, attemptId };
  },
  pause: async (event) => {
    redirect(303, `/learn/drills?paused=${encodeURIComponent(event.params.id)}`);
  },
};
