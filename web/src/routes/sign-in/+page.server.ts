import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { homeFor } from '$lib/roles';
import { safeNext } from '$lib/safe-next';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user)
    redirect(303, safeNext(url.searchParams.get('next'), url.origin) ?? homeFor(locals.user));
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const email = formString(form, 'email');
    const password = formString(form, 'password');
    const { data, error, response } = await api(event).POST('/api/auth/login', {
      body: { email, password },
    });
    if (error || !data?.user) {
      return fail(response.status === 429 ? 429 : 400, {
        email,
        message: errorMessage(error),
        errors: response.status === 400 ? fieldErrors(error) : {},
      });
    }
    redirect(
      303,
      safeNext(event.url.searchParams.get('next'), event.url.origin) ?? homeFor(data.user),
    );
  },
};
