import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { isLocale } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const locale = form.get('locale');
    const next = formString(form, 'next', '/');
    if (isLocale(locale)) {
      event.cookies.set('kindred_lang', locale, {
        path: '/',
        httpOnly: false,
        sameSite: 'lax',
        maxAge: 365 * 86_400,
      });
      if (event.locals.user) await api(event).PUT('/api/auth/locale', { body: { locale } });
    }
    redirect(303, next.startsWith('/') && !next.startsWith('//') ? next : '/');
  },
};
