import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { formString } from '$lib/form';
import type { Actions, PageServerLoad } from './$types';

/** Whether reset links are e-mailed here, or (no SMTP) only written to the server log for the operator. */
export const load: PageServerLoad = async (event) => {
  const { data } = await api(event).GET('/api/auth/password-reset');
  return { delivery: data?.delivery ?? 'email' };
};

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
