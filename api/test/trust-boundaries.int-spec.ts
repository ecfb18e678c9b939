import {
  createTestApp,
  lastAccountMail,
  lastMail,
  uniqueEmail,
  type Agent,
  type TestApp,
} from './support/app.js';
import { otherProgram, person } from './support/security.js';
import { generateIssuerKeyPair, signPresentation, type JsonObject } from '@kindred/certificates';

/**
 * Issue 13, "Trust boundaries": what an inviter, another organization's coordinator or a forged Host header
 * must not be able to do with account links.
 */
let t: TestApp;
let coordinator: Agent;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp({ ACCOUNT_LOGIN_LIMIT: '5' });
  coordinator = await t.signIn('coordinator@kindred.demo');
  orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
});
afterAll(() => t.close());

const tokenOf = (link: string) => link.split('/invite/')[1];

async function inviteAs(by: Agent, organizationId: string, email: string, role = 'volunteer') {
  const res = await by.agent
    .post('/api/invites')
    .set('x-csrf-token', by.csrf)
    .send({ email, name: 'Renamed By Inviter', role, organizationId });
  expect(res.status).toBe(201);
  return res.body as { link: string; id: string };
}

describe('an invitation to an e-mail that already has an account', () => {
  it('never opens a session, never changes the password or name; the person accepts signed in as themselves', async () => {
    // Another organization's coordinator (the target) is invited by the demo coordinator.
    const otherOrg = await otherProgram(t, 'trust-boundaries-other');
    const target = await person(t, 'coordinator', 'trust-boundaries-other');
    const [before] = await t.db.query(`SELECT name, password_hash FROM users WHERE id = $1`, [
      target.id,
    ]);
    const { link } = await inviteAs(coordinator, orgId, target.email);
    const token = tokenOf(link);

    const shown = await t.http().get(`/api/invites/${token}`).expect(200);
    expect(shown.body.existingAccount).toBe(true);

    // The inviter (or anyone holding the link) tries to take the account: no cookies, any password.
    const taken = await t
      .http()
      .post(`/api/invites/${token}/accept`)
      .send({ password: 'attacker-chosen-password', name: 'Attacker' });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/already have an account: sign in to accept/i);
    expect(String(taken.headers['set-cookie'] ?? '')).not.toContain('kindred_session=');
    // Signed in as someone else (the inviter) does not work either.
    const asInviter = await coordinator.agent
      .post(`/api/invites/${token}/join`)
      .set('x-csrf-token', coordinator.csrf);
    expect(asInviter.status).toBe(403);

    const [after] = await t.db.query(`SELECT name, password_hash FROM users WHERE id = $1`, [
      target.id,
    ]);
    expect(after).toEqual(before);
    const [pending] = await t.db.query(
      `SELECT accepted_at FROM invites WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    expect(pending.accepted_at).toBeNull();
    const memberships = await t.db.query(
      `SELECT organization_id FROM memberships WHERE user_id = $1`,
      [target.id],
    );
    expect(memberships.map((m: { organization_id: string }) => m.organization_id)).toEqual([
      otherOrg,
    ]);

    // The person signs in with their own password and accepts: the membership is added, nothing else.
    const own = await t.signIn(target.email);
    const joined = await own.agent
      .post(`/api/invites/${token}/join`)
      .set('x-csrf-token', own.csrf)
      .expect(200);
    expect(
      joined.body.user.memberships.map((m: { organizationId: string }) => m.organizationId).sort(),
    ).toEqual([orgId, otherOrg].sort());
    const [final] = await t.db.query(`SELECT name, password_hash FROM users WHERE id = $1`, [
      target.id,
    ]);
    expect(final).toEqual(before);
    // Single use.
    await own.agent.post(`/api/invites/${token}/join`).set('x-csrf-token', own.csrf).expect(410);
  });

  it('a university staff account cannot be taken through an invitation either', async () => {
    const { link } = await inviteAs(coordinator, orgId, 'staff@riverside-university.demo');
    const res = await t
      .http()
      .post(`/api/invites/${tokenOf(link)}/accept`)
      .send({ password: 'attacker-chosen-password' });
    expect(res.status).toBe(409);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'staff@riverside-university.demo', password: 'attacker-chosen-password' })
      .expect(401);
  });

  it('the token is stored hashed, never in plain text', async () => {
    const email = uniqueEmail('hashed');
    const { link } = await inviteAs(coordinator, orgId, email);
    const token = tokenOf(link);
    const rows = await t.db.query(`SELECT * FROM invites WHERE email = $1`, [email]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('account mail', () => {
  it('a reset link never lands in any organization’s outbox; it goes to the server log, clearly marked', async () => {
    // A person in two organizations: neither coordinator may read their reset link.
    await otherProgram(t, 'trust-boundaries-mail');
    const target = await person(t, 'volunteer', 'riverside-peer-network');
    const [other] = await t.db.query(
      `SELECT id FROM organizations WHERE slug = 'trust-boundaries-mail'`,
    );
    await t.db.query(
      `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, 'volunteer')`,
      [target.id, other.id],
    );
    await t.http().post('/api/auth/password-reset').send({ email: target.email }).expect(202);

    const outbox = await coordinator.agent.get('/api/outbox').expect(200);
    expect(outbox.body.some((m: { to: string }) => m.to === target.email)).toBe(false);
    const stored = await t.db.query(
      `SELECT organization_id FROM outbox_messages WHERE to_address = $1`,
      [target.email],
    );
    expect(stored).toEqual([]);

    const logged = t.accountMail.filter((m) => m.to === target.email);
    expect(logged).toHaveLength(1);
    expect(logged[0].line).toMatch(/ACCOUNT MAIL.*not sent: no SMTP_URL/);
    expect(logged[0].text).toMatch(/\/reset-password\/\S+/);
  });
});

describe('links come from the configured public origin', () => {
  it('a reset requested with a forged Host still links to the configured origin', async () => {
    const target = await person(t, 'volunteer', 'riverside-peer-network');
    await t
      .http()
      .post('/api/auth/password-reset')
      .set('host', 'evil.example')
      .set('x-forwarded-host', 'evil.example')
      .send({ email: target.email })
      .expect(202);
    const mail = t.accountMail.find((m) => m.to === target.email);
    expect(mail?.text).toContain('http://localhost:3999/reset-password/');
    expect(mail?.text).not.toContain('evil.example');
  });

  it('an invitation created with a forged Host links to the configured origin', async () => {
    const email = uniqueEmail('host');
    const res = await coordinator.agent
      .post('/api/invites')
      .set('host', 'evil.example')
      .set('x-forwarded-host', 'evil.example')
      .set('x-csrf-token', coordinator.csrf)
      .send({ email, name: 'Host Test', role: 'volunteer', organizationId: orgId })
      .expect(201);
    expect(res.body.link).toMatch(/^http:\/\/localhost:3999\/invite\//);
    expect((await lastMail(t.db, email))?.link).toBe(res.body.link);
  });

  it('a certificate issued through a forged Host carries the configured origin and makes no status list for it', async () => {
    const volunteer = await person(t, 'volunteer', 'riverside-peer-network');
    const listsBefore = await t.db.query(`SELECT count(*)::int AS n FROM status_lists`);
    const issued = await coordinator.agent
      .post(`/api/organizations/${orgId}/certificates`)
      .set('host', 'evil.example')
      .set('x-forwarded-host', 'evil.example')
      .set('x-csrf-token', coordinator.csrf)
      .send({ holderUserId: volunteer.id, program: 'foundations', reason: 'test: issued by hand' })
      .expect(201);
    const credential = (await t.http().get(`/api/credentials/${issued.body.id}`).expect(200)).body;
    const text = JSON.stringify(credential);
    expect(text).not.toContain('evil.example');
    for (const s of credential.credentialStatus)
      expect(s.statusListCredential).toMatch(/^http:\/\/localhost:3999\//);
    const forged = await t.db.query(`SELECT 1 FROM status_lists WHERE url LIKE '%evil.example%'`);
    expect(forged).toEqual([]);
    const listsAfter = await t.db.query(`SELECT count(*)::int AS n FROM status_lists`);
    expect(listsAfter[0].n).toBeLessThanOrEqual(Number(listsBefore[0].n) + 2);
  });
});

describe('sign-in limits', () => {
  const login = (app: TestApp, ip: string, email: string, password: string) =>
    app.http().post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password });

  it('a per-account ceiling across addresses backs off (it does not lock out), and a reset clears it', async () => {
    const target = await person(t, 'volunteer', 'riverside-peer-network');
    // Password spraying: one wrong guess from each of many addresses (each under its own address limit).
    for (let i = 0; i < 5; i++)
      expect((await login(t, `192.0.2.${10 + i}`, target.email, `guess-number-${i}`)).status).toBe(
        401,
      );
    const slowed = await login(t, '192.0.2.99', target.email, 'kindred-demo-password');
    expect(slowed.status).toBe(429);
    expect(slowed.body.message).toMatch(/Wait \d+ seconds.*or reset your password/);
    // Not a lock-out: once the short wait is over, the right password signs in (and clears the count).
    await t.db.query(
      `UPDATE account_login_failures SET last_failure_at = now() - interval '2 seconds'`,
    );
    expect((await login(t, '192.0.2.99', target.email, 'kindred-demo-password')).status).toBe(200);
    expect((await login(t, '192.0.2.98', target.email, 'wrong-again')).status).toBe(401);
    expect((await login(t, '192.0.2.98', target.email, 'kindred-demo-password')).status).toBe(200);

    // Past the ceiling again, a password reset lifts the back-off at once.
    for (let i = 0; i < 6; i++) await login(t, `192.0.2.${30 + i}`, target.email, `again-${i}`);
    expect((await login(t, '192.0.2.97', target.email, 'kindred-demo-password')).status).toBe(429);
    await t.http().post('/api/auth/password-reset').send({ email: target.email }).expect(202);
    const token = lastAccountMail(t, target.email)!.link!.split('/reset-password/')[1];
    await t
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: 'a-fresh-password-1' })
      .expect(204);
    expect((await login(t, '192.0.2.97', target.email, 'a-fresh-password-1')).status).toBe(200);
  });
});

describe('numeric fields', () => {
  it('refuse true, arrays and other non-numbers, naming the field; store nothing', async () => {
    const vol = await t.signIn((await person(t, 'volunteer', 'riverside-peer-network')).email);
    const entry = {
      workedOn: '2026-11-03',
      setting: 'Drop-in centre, evening shift',
      category: 'one-to-one',
    };
    for (const hours of [true, false, [2], '1e1', '', null, { n: 1 }]) {
      const res = await vol.agent
        .post('/api/practice-hours')
        .set('x-csrf-token', vol.csrf)
        .send({ ...entry, hours });
      expect([res.status, hours]).toEqual([400, hours]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('hours');
    }
    const stored = await t.db.query(`SELECT 1 FROM practice_hours WHERE volunteer_user_id = $1`, [
      vol.user.id,
    ]);
    expect(stored).toEqual([]);
    // A number, or a plain decimal string from a form, is still read.
    await vol.agent
      .post('/api/practice-hours')
      .set('x-csrf-token', vol.csrf)
      .send({ ...entry, hours: '2.5' })
      .expect(201);
  });

  it('a drill choice of true is refused, not read as choice 1', async () => {
    const vol = await t.signIn((await person(t, 'volunteer', 'riverside-peer-network')).email);
    const { attemptId } = (
      await vol.agent
        .post('/api/drills/deesc-bus-stop-01/attempts')
        .set('x-csrf-token', vol.csrf)
        .expect(201)
    ).body;
    const res = await vol.agent
      .post(`/api/drill-attempts/${attemptId}/choices`)
      .set('x-csrf-token', vol.csrf)
      .send({ choice: true });
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('choice');
  });
});

describe('credentials without status entries', () => {
  it('are refused unless the organization allows them explicitly', async () => {
    const client = await coordinator.agent
      .post(`/api/organizations/${orgId}/api-clients`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ name: 'unrevocable test' })
      .expect(201);
    // The organization's signing key exists once it has issued something.
    const holder = await person(t, 'volunteer', 'riverside-peer-network');
    await coordinator.agent
      .post(`/api/organizations/${orgId}/certificates`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ holderUserId: holder.id, program: 'foundations', reason: 'test: issued by hand' })
      .expect(201);
    const issuers = (await t.http().get('/api/issuers').expect(200)).body;
    const did = issuers
      .find((i: { organizationId: string }) => i.organizationId === orgId)
      .keys.find((k: { retiredAt: string | null }) => !k.retiredAt).did;
    const issue = () =>
      t
        .http()
        .post('/api/credentials/issue')
        .set('authorization', `Bearer ${client.body.token}`)
        .send({
          credential: {
            '@context': ['https://www.w3.org/ns/credentials/v2'],
            type: ['VerifiableCredential'],
            issuer: did,
            credentialSubject: { id: 'did:example:unrevocable' },
          },
          options: { credentialStatus: [] },
        });
    const before = await t.db.query(`SELECT count(*)::int AS n FROM credentials`);
    const refused = await issue();
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toMatch(/could never be revoked/);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM credentials`)).toEqual(before);

    await t.db.query(
      `UPDATE organizations SET allow_unrevocable_credentials = true WHERE id = $1`,
      [orgId],
    );
    try {
      const allowed = await issue();
      expect(allowed.status).toBe(201);
      expect(allowed.body.verifiableCredential.credentialStatus).toBeUndefined();
    } finally {
      await t.db.query(
        `UPDATE organizations SET allow_unrevocable_credentials = false WHERE id = $1`,
        [orgId],
      );
    }
  });
});

describe('presentations', () => {
  const verifyVp = (body: object) => t.http().post('/api/presentations/verify').send(body);
  let doc: JsonObject;
  beforeAll(async () => {
    const holder = await person(t, 'volunteer', 'riverside-peer-network');
    const issued = await coordinator.agent
      .post(`/api/organizations/${orgId}/certificates`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ holderUserId: holder.id, program: 'foundations', reason: 'test: issued by hand' })
      .expect(201);
    doc = (await t.http().get(`/api/credentials/${issued.body.id}`).expect(200)).body;
  });

  it('offers challenges, each accepted once: a replay fails even when the verifier forgets options.challenge', async () => {
    const { challenge, expiresAt } = (
      await t
        .http()
        .post('/api/presentations/challenges')
        .send({ domain: 'hr.example' })
        .expect(201)
    ).body;
    expect(challenge.length).toBeGreaterThanOrEqual(32);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const vp = await signPresentation([doc], await generateIssuerKeyPair(), {
      challenge,
      domain: 'hr.example',
    });
    const first = await verifyVp({ verifiablePresentation: vp, options: { challenge } });
    expect([first.status, first.body.problemDetails]).toEqual([200, []]);
    expect(first.body).toMatchObject({ verified: true, holderProofChecked: true });
    const replay = await verifyVp({ verifiablePresentation: vp, options: { challenge } }).expect(
      400,
    );
    expect(replay.body.presentationResult[0].detail).toMatch(/already used or has expired/);
    // The verifier forgot options.challenge: the proof's own challenge is one of ours, and used up.
    const forgot = await verifyVp({ verifiablePresentation: vp }).expect(400);
    expect(forgot.body.verified).toBe(false);

    // A challenge not asked for here, and none named by the verifier: refused, never taken on trust.
    const foreign = await signPresentation([doc], await generateIssuerKeyPair(), {
      challenge: 'captured-elsewhere',
    });
    const refused = await verifyVp({ verifiablePresentation: foreign }).expect(400);
    expect(refused.body.presentationResult[0].detail).toMatch(/No challenge to check/);
  });

  it('an unsigned presentation says that no holder proof was checked', async () => {
    const res = await verifyVp({
      verifiablePresentation: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [doc],
      },
    }).expect(200);
    expect(res.body.holderProofChecked).toBe(false);
    expect(res.body.warning).toMatch(/No holder proof was checked/);
  });
});
