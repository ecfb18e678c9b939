import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const org = event.locals.user!.memberships.find((m) => m.role === 'coordinator')!;
  const [members, invites, outbox] = await Promise.all([
    client.GET('/api/organizations/{id}/members', { params: { path: { id: org.organizationId } } }),
    client.GET('/api/invites'),
    client.GET('/api/outbox'),
  ]);
  return {
    organization: org,
    members: members.data ?? [],
    invites: invites.data ?? [],
    // 404 when mail goes out by SMTP: then there is no local outbox to show.
    outbox: outbox.response.status === 404 ? null : (outbox.data ?? []),
  };
};

export const actions: Actions = {
  invite: async (event) => {
    const form = await event.request.formData();
    const values = {
      name: formString(form, 'name'),
      email: formString(form, 'email'),
      role: formString(form, 'role', 'volunteer'),
    };
    const organizationId = event.locals.user!.memberships.find(
      (m) => m.role === 'coordinator',
    )!.organizationId;
    const { data, error, response } = await api(event).POST('/api/invites', {
      body: { ...values, role: values.role as 'volunteer', organizationId },
    });
    if (error || !data)
      return fail(response.status, {
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { invited: data.email, link: data.link };
  },
};
