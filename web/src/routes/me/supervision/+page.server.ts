import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { hasRole } from '$lib/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!hasRole(event.locals.user, 'volunteer')) redirect(303, '/me?denied=1');
  const { data, response } = await api(event).GET('/api/me/supervision');
  if (!data) error(response.status === 403 ? 403 : 500, 'Your supervision log could not be loaded');
  return { log: data };
};
