import { error, fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { components } from '$lib/api/schema';
import type { Actions, PageServerLoad } from './$types';

// The API checks the code (400 naming `state` if it is not a US state or territory).
type StateCode = components['schemas']['UpdateReportingRulesDto']['state'];

const programOf = (event: { locals: App.Locals }) =>
  event.locals.user!.memberships.find((m) => m.role === 'coordinator')!.organizationId;

const text = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

export const load: PageServerLoad = async (event) => {
  const {
    data,
    error: err,
    response,
  } = await api(event).GET('/api/organizations/{id}/reporting-rules', {
    params: { path: { id: programOf(event) } },
  });
  if (!data) error(response.status, errorMessage(err));
  return { rules: data };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      state: text(form.get('state')),
      route: text(form.get('route')),
    };
    const {
      data,
      error: err,
      response,
    } = await api(event).PUT('/api/organizations/{id}/reporting-rules', {
      params: { path: { id: programOf(event) } },
      // An empty field clears it.
      body: { state: (values.state || null) as StateCode, route: values.route.trim() || null },
    });
    if (!data)
      return fail(response.status, {
        values,
        message: errorMessage(err),
        errors: fieldErrors(err),
      });
    return { saved: true };
  },
};
