import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions } from './$types';
import { formString } from '$lib/form';

export const actions: Actions = {
  default: async (event) => {
    const email = formString(await event.request.formData(), 'email');
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
