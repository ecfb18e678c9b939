import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

const orgOf = (user: App.Locals['user']) =>
  user!.memberships.find((m) => m.role === 'coordinator')!;

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const org = orgOf(event.locals.user);
  const [members, assignments, program] = await Promise.all([
    client.GET('/api/organizations/{id}/members', { params: { path: { id: org.organizationId } } }),
    client.GET('/api/cohorts/assignments'),
    client.GET('/api/program/competencies'),
  ]);
  const people = members.data ?? [];
  return {
    organization: org,
    supervisors: people.filter((m) => m.role === 'supervisor'),
    volunteers: people.filter((m) => m.role === 'volunteer'),
    assignments: assignments.data ?? [],
    program: program.data ?? null,
  };
};

export const actions: Actions = {
  assign: async (event) => {
    const form = await event.request.formData();
    const values = {
      supervisorId: formString(form, 'supervisorId'),
      volunteerId: formString(form, 'volunteerId'),
    };
    const { error, response } = await api(event).POST('/api/cohorts/assignments', {
      body: { ...values, organizationId: orgOf(event.locals.user).organizationId },
    });
    if (error)
      return fail(response.status, {
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { assigned: true };
  },
};
