import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage } from '$lib/server/api';
import { formString } from '$lib/form';
import { NOTIFICATION_KINDS } from '$lib/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!event.locals.user) redirect(303, '/sign-in?next=/me/notifications');
  const client = api(event);
  const [list, prefs] = await Promise.all([
    client.GET('/api/me/notifications'),
    client.GET('/api/me/notification-preferences'),
  ]);
  return {
    notifications: list.data ?? { unread: 0, items: [] },
    email: prefs.data?.email ?? null,
  };
};

export const actions: Actions = {
  read: async (event) => {
    const id = formString(await event.request.formData(), 'id');
    const { error, response } = await api(event).POST('/api/me/notifications/{id}/read', {
      params: { path: { id } },
    });
    if (error) return fail(response.status, { message: errorMessage(error) });
    return { message: null };
  },
  readAll: async (event) => {
    const { error, response } = await api(event).POST('/api/me/notifications/read');
    if (error) return fail(response.status, { message: errorMessage(error) });
    return { message: null };
  },
  preferences: async (event) => {
    const form = await event.request.formData();
    const email = Object.fromEntries(
      NOTIFICATION_KINDS.map((k) => [k, form.getAll('email').includes(k)]),
    );
    const { error, response } = await api(event).PUT('/api/me/notification-preferences', {
      body: { email },
    });
    if (error) return fail(response.status, { message: null, prefsMessage: errorMessage(error) });
    return { message: null, saved: true };
  },
};
