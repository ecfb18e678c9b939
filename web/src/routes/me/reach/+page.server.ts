import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import { formString } from '$lib/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const [mine, network] = await Promise.all([
    client.GET('/api/me/reach'),
    client.GET('/api/network'),
  ]);
  if (!mine.data) error(mine.response.status, errorMessage(mine.error));
  return { reach: mine.data, threshold: network.data?.rules.threshold ?? 5 };
};

export const actions: Actions = {
  save: async (event) => {
    const form = await event.request.formData();
    const values = {
      organizationId: formString(form, 'organizationId'),
      areas: form.getAll('areas').filter((a): a is string => typeof a === 'string'),
      languages: formString(form, 'languages')
        .split(/[\s,;]+/)
        .map((l) => l.trim())
        .filter(Boolean),
      public: formString(form, 'public') === 'on',
    };
    const { error: err, response } = await api(event).PUT('/api/me/reach', { body: values });
    if (err)
      return fail(response.status, {
        organizationId: values.organizationId,
        values: { ...values, languages: formString(form, 'languages') },
        message: errorMessage(err),
        errors: fieldErrors(err),
      });
    return { saved: values.organizationId };
  },
};
