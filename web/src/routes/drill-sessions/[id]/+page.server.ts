import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString, entryString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
  const { data, response } = await api(event).GET('/api/drill-sessions/{id}', {
    params: { path: { id: event.params.id } },
  });
  if (!data) error(response.status, 'This group drill is not available');
  return { session: data, me: event.locals.user.id };
};

type Result = { data?: unknown; error?: unknown; response: Response };
const done = (action: string, { data, error: err, response }: Result) =>
  data
    ? { ok: action }
    : fail(response.status, { action, message: errorMessage(err), errors: fieldErrors(err) });

const path = (event: RequestEvent) => ({ params: { path: { id: event.params.id! } } });

export const actions: Actions = {
  start: async (event) =>
    done('start', await api(event).POST('/api/drill-sessions/{id}/start', path(event))),
  release: async (event) =>
    done('release', await api(event).POST('/api/drill-sessions/{id}/injects/release', path(event))),
  note: async (event) => {
    const text = formString(await event.request.formData(), 'text');
    return done(
      'note',
      await api(event).POST('/api/drill-sessions/{id}/notes', { ...path(event), body: { text } }),
    );
  },
  observe: async (event) => {
    const form = await event.request.formData();
    const scores = [...form.entries()]
      .filter(([k, v]) => k.startsWith('level:') && entryString(v))
      .map(([k, v]) => {
        const [, competencyId, criterionId] = k.split(':');
        return { competencyId: competencyId, criterionId: criterionId, level: entryString(v) };
      });
    const note = formString(form, 'note').trim();
    return done(
      'observe',
      await api(event).POST('/api/drill-sessions/{id}/observations', {
        ...path(event),
        body: {
          participantId: formString(form, 'participantId'),
          attended: form.get('attended') === 'on',
          scores,
          ...(note && { note }),
        },
      }),
    );
  },
  debrief: async (event) => {
    const summary = formString(await event.request.formData(), 'summary');
    return done(
      'debrief',
      await api(event).POST('/api/drill-sessions/{id}/debrief', {
        ...path(event),
        body: { summary },
      }),
    );
  },
};
