import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const email = String((await event.request.formData()).get('email') ?? '');
    const { error, response } = await api(event).POST('/api/auth/password-reset', {
      body: { email },
    });
    if (error)
      return fail(response.status, {
        email,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { sent: true };
  },
};
