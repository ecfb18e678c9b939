import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  const { locals } = event;
  // The header's unread count: read again on every navigation (the path is a dependency) and after
  // marking notifications read (invalidate('app:notifications')).
  event.depends('app:notifications');
  // The count came with the session the hooks read for this request (one API call fewer per page).
  const unread = locals.user && event.url.pathname ? locals.unread : 0;
  return { user: locals.user, locale: locals.locale, unread };
};
