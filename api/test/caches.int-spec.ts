import { createTestApp, lastAccountMail, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';

// Two app instances on one database: what one changes, the other's in-memory caches must forget
// (PostgreSQL LISTEN/NOTIFY), well before any time-to-live would.
let a: TestApp;
let b: TestApp;
let coordinator: Agent;
let orgId: string;
let jordanId: string;

beforeAll(async () => {
  a = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
  b = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
  ({ coordinator, orgId } = await people(a));
  jordanId = await userId(a, 'jordan@kindred.demo');
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** Polls `check` for up to `ms`; returns how long it took to hold (or throws). */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`did not hold within ${ms} ms`);
}

const verdict = async (t: TestApp, id: string) =>
  (await t.http().get(`/api/credentials/${id}/verification`).expect(200)).body.verdict;

describe('the public verification answer cache', () => {
  it('says revoked at once in the instance that revoked, and within a second in another', async () => {
    const id = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    // Both instances now hold the answer "valid" in memory.
    expect(await verdict(a, id)).toBe('valid');
    expect(await verdict(b, id)).toBe('valid');
    expect(await verdict(b, id)).toBe('valid');
    await changeStatus(coordinator, id, 'suspend', 'Under review').expect(200);
    expect(await verdict(a, id)).toBe('suspended');
    await within(1000, async () => (await verdict(b, id)) === 'suspended');
    await changeStatus(coordinator, id, 'unsuspend').expect(200);
    expect(await verdict(a, id)).toBe('valid');
    await within(1000, async () => (await verdict(b, id)) === 'valid');
    await changeStatus(coordinator, id, 'revoke', 'Issued in error').expect(200);
    expect(await verdict(a, id)).toBe('revoked');
    await within(1000, async () => (await verdict(b, id)) === 'revoked');
  });

  it('stops answering for a certificate its holder hides, in both instances', async () => {
    const volunteer = await a.signIn('jordan@kindred.demo');
    const id = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    expect(await verdict(a, id)).toBe('valid');
    expect(await verdict(b, id)).toBe('valid');
    await volunteer.agent
      .put(`/api/certificates/mine/${id}/sharing`)
      .set('x-csrf-token', volunteer.csrf)
      .send({ hidden: true })
      .expect(200);
    await a.http().get(`/api/credentials/${id}/verification`).expect(404);
    await within(
      1000,
      async () => (await b.http().get(`/api/credentials/${id}/verification`)).status === 404,
    );
  });

  it('answers by the clock: a cached "valid" becomes "expired" once the validity ends', async () => {
    const id = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    expect(await verdict(a, id)).toBe('valid');
    a.clock.advance(3 * 366 * 86_400_000);
    try {
      expect(await verdict(a, id)).toBe('expired');
    } finally {
      a.clock.advance(-3 * 366 * 86_400_000);
    }
    expect(await verdict(a, id)).toBe('valid');
  });

  it('still applies the rate limit (counted across both paths), with the same headers', async () => {
    const id = (await issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201)).body
      .id;
    const res = await a
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('x-forwarded-for', '203.0.113.77')
      .expect(200);
    const limit = Number(res.headers['ratelimit-limit']);
    expect(Number(res.headers['ratelimit-remaining'])).toBe(limit - 1);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    for (let i = 1; i < limit; i++)
      await a
        .http()
        .get(`/api/credentials/${id}/verification`)
        .set('x-forwarded-for', '203.0.113.77')
        .expect(200);
    const refused = await a
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('x-forwarded-for', '203.0.113.77')
      .expect(429);
    expect(refused.body.message).toMatch(/Too many verifications/);
    // The POST verification shares the same counter.
    await a
      .http()
      .post('/api/credentials/verify')
      .set('x-forwarded-for', '203.0.113.77')
      .send({ verifiableCredential: {} })
      .expect(429);
    // Another address is not limited.
    await a
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('x-forwarded-for', '203.0.113.78')
      .expect(200);
  });
});

/** Signs in on `t` and returns the browser's Cookie header and CSRF token, to use against either instance. */
async function browser(t: TestApp, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await t
    .http()
    .post('/api/auth/login')
    .send({ email, password: 'kindred-demo-password' })
    .expect(200);
  const cookie = (res.headers['set-cookie'] as unknown as string[])
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: res.body.csrfToken };
}

describe('the session and signed-in user caches', () => {
  it('a sign-out in one instance ends the session there at once and in the other within a second', async () => {
    const ana = await browser(a, 'supervisor.ana@kindred.demo');
    const cohort = (t: TestApp) =>
      t.http().get('/api/supervision/cohort').set('cookie', ana.cookie);
    expect((await cohort(a)).status).toBe(200);
    expect((await cohort(b)).status).toBe(200);
    expect((await cohort(b)).status).toBe(200);
    await a
      .http()
      .post('/api/auth/logout')
      .set('cookie', ana.cookie)
      .set('x-csrf-token', ana.csrf)
      .expect((r) => expect(r.status).toBeLessThan(300));
    expect((await cohort(a)).status).toBe(401);
    await within(1000, async () => (await cohort(b)).status === 401);
  });

  it('a role taken away in the database is refused within a second in both instances', async () => {
    const ben = await browser(a, 'supervisor.ben@kindred.demo');
    const cohort = (t: TestApp) =>
      t.http().get('/api/supervision/cohort').set('cookie', ben.cookie);
    expect((await cohort(a)).status).toBe(200);
    expect((await cohort(b)).status).toBe(200);
    const benId = await userId(a, 'supervisor.ben@kindred.demo');
    const [m] = await a.db.query(
      `SELECT organization_id FROM memberships WHERE user_id = $1 AND role = 'supervisor'`,
      [benId],
    );
    await a.db.query(`DELETE FROM memberships WHERE user_id = $1 AND role = 'supervisor'`, [benId]);
    try {
      await within(1000, async () => (await cohort(a)).status === 403);
      await within(1000, async () => (await cohort(b)).status === 403);
    } finally {
      await a.db.query(
        `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, 'supervisor')`,
        [benId, m.organization_id],
      );
    }
    await within(1000, async () => (await cohort(a)).status === 200);
  });

  it('a password reset signs the person out at once in the instance that made it', async () => {
    const sam = await browser(a, 'sam@kindred.demo');
    const me = (t: TestApp) => t.http().get('/api/learning').set('cookie', sam.cookie);
    expect((await me(a)).status).toBe(200);
    expect((await me(a)).status).toBe(200);
    const samId = await userId(a, 'sam@kindred.demo');
    // The reset itself (AuthService.resetPassword through a stored token) is covered in auth.int-spec; here, its effect on the cache.
    await a
      .http()
      .post('/api/auth/password-reset')
      .send({ email: 'sam@kindred.demo' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [row] = await a.db.query(
      `SELECT id FROM password_resets WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [samId],
    );
    expect(row).toBeDefined();
    const mail = lastAccountMail(a, 'sam@kindred.demo');
    const token = mail!.link!.split('/reset-password/')[1];
    await a
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: 'kindred-demo-password' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    expect((await me(a)).status).toBe(401);
  });
});
