import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { translator } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';
import { formString, entryString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/certificates/pending');
  return { pending: data ?? [] };
};

/** The API's most per request (ApproveDto). */
const APPROVE_PER_CALL = 500;

export const actions: Actions = {
  /** One (the row's button), the checked boxes, or every request the page showed ("Approve all"), 500 per call; more than one only once confirmed. */
  approve: async (event) => {
    const form = await event.request.formData();
    const one = form.get('one');
    // A batch is confirmed first: the page names the count, and its "Yes" sends back exactly those ids.
    const confirmed = form.getAll('confirmIds').map(String);
    const requestIds = one
      ? [entryString(one)]
      : confirmed.length
        ? confirmed
        : form.getAll(form.get('all') ? 'shown' : 'requestIds').map(String);
    if (requestIds.length === 0)
      return fail(400, { message: translator(event.locals.locale)('institution.chooseOne') });
    if (!one && confirmed.length === 0 && requestIds.length > 1) return { confirm: requestIds };
    // What waited before, so that after an error midway the page can say what was approved and what still
    // waits (each approval commits on its own: a batch stopped midway has approved part of it).
    const before = (await api(event).GET('/api/certificates/pending')).data ?? [];
    let approved = 0;
    for (let i = 0; i < requestIds.length; i += APPROVE_PER_CALL) {
      const { data, error, response } = await api(event).POST('/api/certificates/pending/approve', {
        body: { requestIds: requestIds.slice(i, i + APPROVE_PER_CALL) },
      });
      if (error || !data) {
        const after = new Set(
          ((await api(event).GET('/api/certificates/pending')).data ?? []).map((p) => p.id),
        );
        const chosen = new Set(requestIds);
        const asked = before.filter((p) => chosen.has(p.id));
        return fail(response.status, {
          message: errorMessage(error),
          approved: 0,
          partial: {
            approved: asked.filter((p) => !after.has(p.id)).map((p) => p.holderName),
            waiting: asked.filter((p) => after.has(p.id)).length,
          },
        });
      }
      approved += data.length;
    }
    return { approved };
  },
  decline: async (event) => {
    const form = await event.request.formData();
    const requestIds = form.getAll('requestIds').map(String);
    const reason = formString(form, 'reason');
    if (requestIds.length === 0)
      return fail(400, {
        message: translator(event.locals.locale)('institution.chooseOneDecline'),
      });
    const { data, error, response } = await api(event).POST('/api/certificates/pending/decline', {
      body: { requestIds, reason },
    });
    if (error || !data) return fail(response.status, { message: errorMessage(error) });
    return { declined: data.declined };
  },
};
