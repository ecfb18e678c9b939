import { fail } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/certificates/mine');
  return { certificates: data ?? [] };
};

export const actions: Actions = {
  sharing: async (event) => {
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const hidden = form.get('hidden') === 'true';
    const { error, response } = await api(event).PUT('/api/certificates/mine/{id}/sharing', { params: { path: { id } }, body: { hidden } });
    if (error) return fail(response.status, { message: errorMessage(error) });
    return { changed: id };
  },
};
