import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions } from './$types';
import { formString } from '$lib/form';

export const actions: Actions = {
  default: async (event) => {
    const password = formString(await event.request.formData(), 'password');
    const { error, response } = await api(event).POST('/api/auth/password-reset/{token}', {
      params: { path: { token: event.params.token } },
      body: { password },
    });
    if (error)
      return fail(response.status, { message: errorMessage(error), errors: fieldErrors(error) });
    return { done: true };
  },
};
