import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/certificates/pending');
  return { pending: data ?? [] };
};

export const actions: Actions = {
  /** One (the row's button) or a batch (the checked boxes). */
  approve: async (event) => {
    const form = await event.request.formData();
    const one = form.get('one');
    const requestIds = one ? [String(one)] : form.getAll('requestIds').map(String);
    if (requestIds.length === 0) return fail(400, { message: 'Choose at least one certificate to approve.' });
    const { data, error, response } = await api(event).POST('/api/certificates/pending/approve', { body: { requestIds } });
    if (error || !data) return fail(response.status, { message: errorMessage(error) });
    return { approved: data.length };
  },
  decline: async (event) => {
    const form = await event.request.formData();
    const requestIds = form.getAll('requestIds').map(String);
    const reason = String(form.get('reason') ?? '');
    if (requestIds.length === 0) return fail(400, { message: 'Choose at least one certificate to decline.' });
    const { data, error, response } = await api(event).POST('/api/certificates/pending/decline', { body: { requestIds, reason } });
    if (error || !data) return fail(response.status, { message: errorMessage(error) });
    return { declined: data.declined };
  },
};
