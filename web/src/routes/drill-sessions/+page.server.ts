import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
  const { data } = await api(event).GET('/api/drill-sessions');
  const staff = event.locals.user.memberships.some(
    (m) => m.role === 'coordinator' || m.role === 'supervisor',
  );
  return { sessions: data ?? [], staff };
};
