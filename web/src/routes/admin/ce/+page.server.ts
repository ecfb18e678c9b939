import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

const SHOWN = ['pending', 'approved', 'rejected'] as const;

export const load: PageServerLoad = async (event) => {
  const asked = event.url.searchParams.get('status');
  const status = SHOWN.find((s) => s === asked) ?? 'pending';
  const { data, error } = await api(event).GET('/api/admin/ce', { params: { query: { status } } });
  return { status, entries: data ?? [], loadError: error ? errorMessage(error) : null };
};

async function decide(event: Parameters<Actions[string]>[0], decision: 'approve' | 'reject') {
  const form = await event.request.formData();
  const id = formString(form, 'id');
  const note = formString(form, 'note').trim();
  const path = decision === 'approve' ? '/api/admin/ce/{id}/approve' : '/api/admin/ce/{id}/reject';
  const { error, response } = await api(event).POST(path, {
    params: { path: { id } },
    body: note ? { note } : {},
  });
  if (error)
    return fail(response.status, {
      id,
      note,
      message: errorMessage(error),
      errors: fieldErrors(error),
    });
  return { decided: decision };
}

export const actions: Actions = {
  approve: (event) => decide(event, 'approve'),
  reject: (event) => decide(event, 'reject'),
};
