import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const { locals } = event;
  // The header's unread count: read again on every navigation (the path is a dependency) and after
  // marking notifications read (invalidate('app:notifications')).
  event.depends('app:notifications');
  let unread = 0;
  if (locals.user && event.url.pathname) {
    const { data } = await api(event).GET('/api/me/notifications/unread');
    unread = data?.unread ?? 0;
  }
  return { user: locals.user, locale: locals.locale, unread };
};
