import { createTestApp, lastAccountMail, type TestApp } from './support/app.js';
import { person, signInFrom } from './support/security.js';
import {
  LOGIN_LIMIT as LOGIN_RULE,
  RESET_LIMIT as RESET_RULE,
} from '../src/auth/auth.controller.js';
import { VERIFY_LIMIT as VERIFY_RULE } from '../src/certificates/credentials.controller.js';

// The limits come from the validated config (LOGIN_RATE_LIMIT, VERIFY_RATE_LIMIT), set here away from the
// defaults so a limit read anywhere else (say, process.env at import) fails these tests.
const ENV = { LOGIN_RATE_LIMIT: '4', VERIFY_RATE_LIMIT: '30' };
const LOGIN_LIMIT = { ...LOGIN_RULE, limit: 4 };
const RESET_LIMIT = { ...RESET_RULE, limit: 4 };
const VERIFY_LIMIT = { ...VERIFY_RULE, limit: 30 };

/**
 * The limits of api/src/common/rate-limit.ts, proven: LOGIN_RATE_LIMIT per address and e-mail, VERIFY_RATE_LIMIT
 * per address (shared by the verification routes), 429 with Retry-After, and nobody else affected.
 * Client addresses come through X-Forwarded-For, which the test app trusts from loopback (TRUST_PROXY=loopback).
 */

let t: TestApp;
let certificateId: string;
beforeAll(async () => {
  t = await createTestApp(ENV);
  const coordinator = await signInFrom(t, 'coordinator@kindred.demo', '198.51.100.30');
  const orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
  const holder = await person(t, 'volunteer', 'riverside-peer-network');
  certificateId = (
    await coordinator.agent
      .post(`/api/organizations/${orgId}/certificates`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ holderUserId: holder.id, program: 'foundations', reason: 'Test fixture' })
      .expect(201)
  ).body.id;
}, 60_000);
afterAll(() => t.close());

const login = (ip: string, email: string, password = 'wrong-password') =>
  t.http().post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password });

describe('sign-in limit (LOGIN_RATE_LIMIT)', () => {
  it(`allows ${LOGIN_LIMIT.limit} attempts a minute per address and e-mail, then 429 with Retry-After; other addresses and e-mails go on`, async () => {
    const { email } = await person(t, 'volunteer', 'riverside-peer-network');
    const ip = '203.0.113.50';
    for (let i = 0; i < LOGIN_LIMIT.limit; i++) {
      const res = await login(ip, i % 2 ? email : email.toUpperCase());
      expect(res.status).toBe(401);
      expect(res.headers['ratelimit-remaining']).toBe(String(LOGIN_LIMIT.limit - i - 1));
    }
    const limited = await login(ip, email);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(LOGIN_LIMIT.windowSeconds));
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: LOGIN_LIMIT.message,
      requestId: expect.any(String),
    });
    // Even the right password waits: the limit is what stops guessing.
    expect((await login(ip, email, 'kindred-demo-password')).status).toBe(429);
    // The same person from another address, and another person from the same address, are not held up.
    expect((await login('203.0.113.51', email, 'kindred-demo-password')).status).toBe(200);
    const other = await person(t, 'volunteer', 'riverside-peer-network');
    expect((await login(ip, other.email, 'kindred-demo-password')).status).toBe(200);
  });

  it('opens again once the window has passed', async () => {
    const { email } = await person(t, 'volunteer', 'riverside-peer-network');
    const ip = '203.0.113.52';
    for (let i = 0; i < LOGIN_LIMIT.limit; i++) await login(ip, email);
    expect((await login(ip, email)).status).toBe(429);
    // Move the counters' windows back past their length instead of waiting a minute.
    await t.db.query(
      `UPDATE rate_limits SET window_start = window_start - make_interval(secs => $1)`,
      [LOGIN_LIMIT.windowSeconds + 1],
    );
    expect((await login(ip, email, 'kindred-demo-password')).status).toBe(200);
  });

  it('limits password reset requests the same way, and sends no more mail once limited', async () => {
    const { email } = await person(t, 'volunteer', 'riverside-peer-network');
    const ip = '203.0.113.53';
    const reset = (from: string) =>
      t.http().post('/api/auth/password-reset').set('x-forwarded-for', from).send({ email });
    for (let i = 0; i < RESET_LIMIT.limit; i++) expect((await reset(ip)).status).toBe(202);
    // Without SMTP, reset mail goes to the server log (account mail), never to an outbox.
    const mails = async () => t.accountMail.filter((m) => m.to === email).length;
    const sent = await mails();
    expect(sent).toBeGreaterThan(0);
    const limited = await reset(ip);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(RESET_LIMIT.windowSeconds));
    expect(await mails()).toBe(sent);
    expect((await reset('203.0.113.54')).status).toBe(202);
    expect(lastAccountMail(t, email)?.link).toMatch(/\/reset-password\//);
  });
});

describe('verification limit (VERIFY_RATE_LIMIT)', () => {
  it(`allows ${VERIFY_LIMIT.limit} verifications a minute per address across the verification routes, then 429 with Retry-After`, async () => {
    const ip = '203.0.113.60';
    const byId = (from: string) =>
      t.http().get(`/api/credentials/${certificateId}/verification`).set('x-forwarded-for', from);
    const signed = (await t.http().get(`/api/credentials/${certificateId}`).expect(200)).body;
    const byDocument = (from: string) =>
      t
        .http()
        .post('/api/credentials/verify')
        .set('x-forwarded-for', from)
        .send({ verifiableCredential: signed });
    const statuses: number[] = [];
    for (let i = 0; i < VERIFY_LIMIT.limit; i++)
      statuses.push((await (i % 2 ? byId(ip) : byDocument(ip))).status);
    expect(statuses.every((s) => s === 200)).toBe(true);

    const limited = await byId(ip);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(VERIFY_LIMIT.windowSeconds));
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(limited.body.message ?? limited.body.detail ?? limited.body.title).toBeTruthy();
    expect((await byDocument(ip)).status).toBe(429);
    expect(
      (
        await t
          .http()
          .post('/api/presentations/verify')
          .set('x-forwarded-for', ip)
          .send({ verifiablePresentation: {} })
      ).status,
    ).toBe(429);

    // Another address verifies as usual; reading the credential itself is not a verification and is not limited.
    expect((await byId('203.0.113.61')).status).toBe(200);
    await t.http().get(`/api/credentials/${certificateId}`).set('x-forwarded-for', ip).expect(200);
  }, 120_000);

  it('limits bulk verification separately, at its own lower limit', async () => {
    const ip = '203.0.113.62';
    const bulk = () =>
      t
        .http()
        .post('/api/credentials/verify/bulk')
        .set('x-forwarded-for', ip)
        .send({ ids: [certificateId] });
    for (let i = 0; i < 10; i++) expect((await bulk()).status).toBe(200);
    const limited = await bulk();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    // The single-verification counter of that address is untouched.
    expect(
      (
        await t
          .http()
          .get(`/api/credentials/${certificateId}/verification`)
          .set('x-forwarded-for', ip)
      ).status,
    ).toBe(200);
  });
});
