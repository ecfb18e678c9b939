import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { homeFor } from '$lib/roles';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const { data, error } = await api(event).GET('/api/invites/{token}', {
    params: { path: { token: event.params.token } },
  });
  return { invite: data ?? null, problem: error ? errorMessage(error) : null };
};

/** The form's field errors have one type in every answer, so the page can read `form.errors.password`. */
const NO_ERRORS: Record<string, string> = {};

export const actions: Actions = {
  /** A new account: choose a password (refused by the API when the e-mail already has an account). */
  create: async (event) => {
    const form = await event.request.formData();
    const name = formString(form, 'name').trim();
    const password = formString(form, 'password');
    const { data, error, response } = await api(event).POST('/api/invites/{token}/accept', {
      params: { path: { token: event.params.token } },
      body: { password, ...(name && { name }) },
    });
    if (error || !data?.user)
      return fail(response.status, {
        name,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    redirect(303, homeFor(data.user));
  },
  /** An existing account, signed in as itself: adds the membership. */
  join: async (event) => {
    const { data, error, response } = await api(event).POST('/api/invites/{token}/join', {
      params: { path: { token: event.params.token } },
    });
    if (error || !data?.user)
      return fail(response.status, {
        name: '',
        message: errorMessage(error),
        errors: NO_ERRORS,
      });
    redirect(303, homeFor(data.user));
  },
};
