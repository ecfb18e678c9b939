import { error, fail, redirect } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { feedbackAnswer, feedbackInput } from '$lib/server/feedback';
import { moduleBodyHtml } from '$lib/server/module-body';
import { stateName } from '$lib/us-states';

export const load: PageServerLoad = async (event) => {
  // The feedback prompt at the end, asked beside the module (not after it); without it (an error) the page
  // still reads, only without the prompt.
  const feedback = api(event)
    .GET('/api/modules/{id}/feedback', { params: { path: { id: event.params.id } } })
    .catch(() => ({ data: undefined }));
  const {
    data,
    error: err,
    response,
  } = await api(event).GET('/api/modules/{id}', {
    params: { path: { id: event.params.id }, query: { lang: event.locals.locale } },
  });
  if (!data) error(response.status, errorMessage(err));
  // A content note comes first, unless the reader chose to go on or already has a place saved in the module.
  const showNote =
    Boolean(data.contentNote) &&
    !data.position &&
    data.status !== 'completed' &&
    !event.url.searchParams.has('ready');
  const body = showNote ? null : await moduleBodyHtml(data.course.slug, data.slug, data.lang);
  // The state's name is looked up here, so the page does not carry the list of every state.
  const programRules =
    data.programRules?.map((r) => ({ ...r, stateName: r.state ? stateName(r.state) : null })) ??
    null;
  return {
    module: { ...data, programRules },
    showNote,
    body,
    feedback: (await feedback).data ?? null,
  };
};

export const actions: Actions = {
  /** "Not tonight" on the content note: keep the module as started, and go back to the course. */
  later: async (event) => {
    const {
      data,
      error: err,
      response,
    } = await api(event).PUT('/api/modules/{id}/progress', {
      params: { path: { id: event.params.id } },
      body: { status: 'started' },
    });
    if (!data) return fail(response.status, { message: errorMessage(err) });
    const mod = await api(event).GET('/api/modules/{id}', {
      params: { path: { id: event.params.id } },
    });
    redirect(303, mod.data ? `/learn/courses/${mod.data.course.slug}` : '/learn');
  },
  /** One-tap feedback at the end of the module (optional; kept without the person). */
  feedback: async (event) =>
    feedbackAnswer(
      await api(event).POST('/api/modules/{id}/feedback', {
        params: { path: { id: event.params.id } },
        body: await feedbackInput(event.request),
      }),
    ),
};
