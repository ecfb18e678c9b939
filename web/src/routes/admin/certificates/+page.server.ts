import { fail } from '@sveltejs/kit';
import { api, errorMessage, fieldErrors } from '$lib/server/api';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { formString } from '$lib/form';

/** The public reason categories of a revocation (the API's fixed list). */
const REVOCATION_CATEGORIES = [
  'issued_in_error',
  'requirements_no_longer_met',
  'holder_request',
  'other',
] as const;

const orgOf = (event: Pick<RequestEvent, 'locals'>) =>
  event.locals.user!.memberships.find((m) => m.role === 'coordinator')!;

export const load: PageServerLoad = async (event) => {
  const client = api(event);
  const org = orgOf(event);
  const path = { params: { path: { orgId: org.organizationId } } };
  const [members, programs, certificates, clients, audit] = await Promise.all([
    client.GET('/api/organizations/{id}/members', { params: { path: { id: org.organizationId } } }),
    client.GET('/api/certificates/programs'),
    client.GET('/api/organizations/{orgId}/certificates', path),
    client.GET('/api/organizations/{orgId}/api-clients', path),
    client.GET('/api/audit/verify'),
  ]);
  return {
    organization: org,
    volunteers: (members.data ?? []).filter((m) => m.role === 'volunteer'),
    programs: programs.data ?? [],
    certificates: certificates.data?.certificates ?? [],
    pending: certificates.data?.pending ?? [],
    clients: clients.data ?? [],
    audit: audit.data ?? null,
  };
};

export const actions: Actions = {
  issue: async (event) => {
    const form = await event.request.formData();
    const values = {
      holderUserId: formString(form, 'holderUserId'),
      program: formString(form, 'program'),
      reason: formString(form, 'reason'),
    };
    const { data, error, response } = await api(event).POST(
      '/api/organizations/{orgId}/certificates',
      {
        params: { path: { orgId: orgOf(event).organizationId } },
        body: { ...values, reason: values.reason.trim() || undefined },
      },
    );
    if (error || !data)
      return fail(response.status, {
        values,
        message: errorMessage(error),
        errors: fieldErrors(error),
      });
    return { issued: data.state };
  },
  status: async (event) => {
    const form = await event.request.formData();
    const id = formString(form, 'id');
    const action = formString(form, 'action');
    const reason = formString(form, 'reason').trim() || undefined;
    const chosen = formString(form, 'category');
    const category = REVOCATION_CATEGORIES.find((c) => c === chosen);
    // Revoking is for good: with a reason and its public category given, the page asks once more before it is done.
    if (action === 'revoke' && reason && category && formString(form, 'confirmed') !== 'revoke')
      return { statusFor: id, confirmRevoke: reason, confirmCategory: category };
    const client = api(event);
    const options = {
      params: { path: { id } },
      body: { reason, ...(action === 'revoke' && category ? { category } : {}) },
    };
    const call =
      action === 'revoke'
        ? client.POST('/api/certificates/{id}/revoke', options)
        : action === 'suspend'
          ? client.POST('/api/certificates/{id}/suspend', options)
          : action === 'unsuspend'
            ? client.POST('/api/certificates/{id}/unsuspend', options)
            : undefined;
    if (!call)
      return fail(400, {
        statusFor: id,
        message: 'Choose revoke, suspend or lift the suspension.',
        statusErrors: fieldErrors(undefined),
        statusValues: { reason: reason ?? '', category: chosen },
      });
    const { data, error, response } = await call;
    if (error || !data)
      return fail(response.status, {
        statusFor: id,
        message: errorMessage(error),
        statusErrors: fieldErrors(error),
        statusValues: { reason: reason ?? '', category: chosen },
      });
    return { changed: data.state, statusFor: id };
  },
  createClient: async (event) => {
    const form = await event.request.formData();
    const name = formString(form, 'name');
    const { data, error, response } = await api(event).POST(
      '/api/organizations/{orgId}/api-clients',
      {
        params: { path: { orgId: orgOf(event).organizationId } },
        body: { name },
      },
    );
    if (error || !data) return fail(response.status, { clientMessage: errorMessage(error) });
    return { token: data.token, clientName: data.name };
  },
  revokeClient: async (event) => {
    const form = await event.request.formData();
    const { error, response } = await api(event).DELETE(
      '/api/organizations/{orgId}/api-clients/{id}',
      {
        params: { path: { orgId: orgOf(event).organizationId, id: formString(form, 'id') } },
      },
    );
    if (error) return fail(response.status, { clientMessage: errorMessage(error) });
    return {};
  },
};
