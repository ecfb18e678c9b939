import { runCli, UsageError } from '../src/cli.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { person } from './support/security.js';

/**
 * Issue 14: `pnpm kindred org allow-unrevocable <org> [--off]`, the operator's way (not SQL) to let an
 * organization's API clients issue credentials with no status entry, audited, refusing unknown organizations.
 */
let t: TestApp;
let coordinator: Agent;
let orgId: string;
let slug: string;
let token: string;
let did: string;

const env = () => ({
  PATH: process.env.PATH,
  DATABASE_URL: process.env.TEST_DATABASE_URL,
  KINDRED_DATA_DIR: process.env.TEST_DATA_DIR,
  PORT: '3999',
});

/** runCli as `pnpm kindred` runs it, with what it prints. */
async function kindred(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await runCli(argv, env()), out: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

const issueWithoutStatus = () =>
  t
    .http()
    .post('/api/credentials/issue')
    .set('authorization', `Bearer ${token}`)
    .send({
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: did,
        credentialSubject: { id: 'did:example:cli-unrevocable' },
      },
      options: { credentialStatus: [] },
    });

// the organization's own settings changes: other specs on the shared database audit other things about
// the same organization (the demo map upload of network-demo.int-spec.ts)
const auditLines = () =>
  t.db.query<{ actor: string; action: string; details: Record<string, unknown> }[]>(
    `SELECT actor, action, details FROM audit_log WHERE subject = $1 AND action LIKE 'organization.%' ORDER BY seq`,
    [`organization:${orgId}`],
  );

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn('coordinator@kindred.demo');
  orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
  [{ slug }] = await t.db.query('SELECT slug FROM organizations WHERE id = $1', [orgId]);
  token = (
    await coordinator.agent
      .post(`/api/organizations/${orgId}/api-clients`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ name: 'cli unrevocable test' })
      .expect(201)
  ).body.token;
  // The organization's signing key exists once it has issued something.
  const holder = await person(t, 'volunteer', 'riverside-peer-network');
  await coordinator.agent
    .post(`/api/organizations/${orgId}/certificates`)
    .set('x-csrf-token', coordinator.csrf)
    .send({ holderUserId: holder.id, program: 'foundations', reason: 'test: issued by hand' })
    .expect(201);
  did = (await t.http().get('/api/issuers').expect(200)).body
    .find((i: { organizationId: string }) => i.organizationId === orgId)
    .keys.find((k: { retiredAt: string | null }) => !k.retiredAt).did;
});
afterAll(async () => {
  await t.db.query('UPDATE organizations SET allow_unrevocable_credentials = false WHERE id = $1', [
    orgId,
  ]);
  await t.close();
});

describe('pnpm kindred org allow-unrevocable', () => {
  it('refuses an unknown organization, naming it and the known slugs, and changes nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
    await expect(kindred('org', 'allow-unrevocable', 'no-such-org')).rejects.toThrow(UsageError);
    await expect(kindred('org', 'allow-unrevocable', 'no-such-org')).rejects.toThrow(
      new RegExp(`no organization has the slug or id "no-such-org" \\(.*${slug}`),
    );
    await expect(
      kindred('org', 'allow-unrevocable', '00000000-0000-4000-8000-000000000000'),
    ).rejects.toThrow(/no organization has the slug or id "00000000-0000-4000-8000-000000000000"/);
    await expect(kindred('org', 'allow-unrevocable')).rejects.toThrow(
      /pnpm kindred org allow-unrevocable <organization slug or id>/,
    );
    await expect(kindred('org', 'allow-unrevocable', slug, '--of')).rejects.toThrow(/--of/);
    expect(await t.db.query('SELECT count(*)::int AS n FROM audit_log')).toEqual(before);
  });

  it('by slug: an API client may then issue a credential with no status entry; --off (by id) refuses it again; each change is audited', async () => {
    const refused = await issueWithoutStatus();
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toMatch(/could never be revoked/);

    const on = await kindred('org', 'allow-unrevocable', slug);
    expect(on.code).toBe(0);
    expect(on.out).toMatch(/can never be revoked or suspended/);
    expect(on.out).toContain(`pnpm kindred org allow-unrevocable ${slug} --off`);
    const allowed = await issueWithoutStatus();
    expect(allowed.status).toBe(201);
    expect(allowed.body.verifiableCredential.credentialStatus).toBeUndefined();

    // Again: nothing to change, no second audit line.
    expect((await kindred('org', 'allow-unrevocable', slug)).out).toMatch(/already allows/);

    const off = await kindred('org', 'allow-unrevocable', orgId, '--off');
    expect(off.code).toBe(0);
    expect(off.out).toMatch(/again refuses credentials with no status entry/);
    expect((await issueWithoutStatus()).status).toBe(422);

    expect(await auditLines()).toEqual([
      {
        actor: 'operator',
        action: 'organization.unrevocable_credentials_allowed',
        details: { slug, allowUnrevocableCredentials: true },
      },
      {
        actor: 'operator',
        action: 'organization.unrevocable_credentials_refused',
        details: { slug, allowUnrevocableCredentials: false },
      },
    ]);
    // The operator's lines are links of the same hash chain as the app's.
    const chain = await coordinator.agent.get('/api/audit/verify').expect(200);
    expect(chain.body).toMatchObject({ intact: true });
  });
});
