import type { Agent, TestApp } from './app.js';

/** Shared steps of the certificate tests: who is who, and issuing through the coordinator's API. */
export async function people(t: TestApp) {
  const [coordinator, staff, volunteer] = await Promise.all([
    t.signIn('coordinator@kindred.demo'),
    t.signIn('staff@riverside-university.demo'),
    t.signIn('jordan@kindred.demo'),
  ]);
  const orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
  return { coordinator, staff, volunteer, orgId };
}

export async function userId(t: TestApp, email: string): Promise<string> {
  const [row] = await t.db.query('SELECT id FROM users WHERE email = $1', [email]);
  return row.id;
}

export function issueProgram(
  coordinator: Agent,
  orgId: string,
  holderUserId: string,
  program: string,
  reason = 'Issued by hand in a test',
) {
  return coordinator.agent
    .post(`/api/organizations/${orgId}/certificates`)
    .set('x-csrf-token', coordinator.csrf)
    .send({ holderUserId, program, reason });
}

export function changeStatus(
  coordinator: Agent,
  id: string,
  action: 'revoke' | 'suspend' | 'unsuspend',
  reason?: string,
  category: string | null = action === 'revoke' ? 'other' : null,
) {
  return coordinator.agent
    .post(`/api/certificates/${id}/${action}`)
    .set('x-csrf-token', coordinator.csrf)
    .send({ ...(reason === undefined ? {} : { reason }), ...(category ? { category } : {}) });
}
