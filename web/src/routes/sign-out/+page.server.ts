import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    await api(event).POST('/api/auth/logout');
    event.cookies.delete('kindred_session', { path: '/' });
    event.cookies.delete('kindred_csrf', { path: '/' });
    redirect(303, '/');
  },
};
