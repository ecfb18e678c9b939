import {
  createTestApp,
  lastAccountMail,
  lastMail,
  uniqueEmail,
  type TestApp,
  type Agent,
} from './support/app.js';

let t: TestApp;
let coordinator: Agent;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn('coordinator@kindred.demo');
  orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
});
afterAll(() => t.close());

async function invite(email: string, role = 'volunteer') {
  const res = await coordinator.agent
    .post('/api/invites')
    .set('x-csrf-token', coordinator.csrf)
    .send({ email, name: 'New Person', role, organizationId: orgId });
  expect(res.status).toBe(201);
  return res.body as { link: string; id: string };
}
const tokenOf = (link: string) => link.split('/invite/')[1];

describe('invitations', () => {
  it('stores the invitation mail in the outbox for the coordinator to read', async () => {
    const email = uniqueEmail('invitee');
    const { link } = await invite(email);
    const mail = await lastMail(t.db, email);
    expect(mail?.link).toBe(link);
    const outbox = await coordinator.agent.get('/api/outbox').expect(200);
    expect(outbox.body.some((m: { to: string }) => m.to === email)).toBe(true);
  });

  it('can be accepted once: the account is created with the role and signed in', async () => {
    const email = uniqueEmail('accept');
    const token = tokenOf((await invite(email)).link);
    const shown = await t.http().get(`/api/invites/${token}`).expect(200);
    expect(shown.body).toMatchObject({
      email,
      role: 'volunteer',
      organizationName: 'Riverside Peer Support Network',
    });

    const short = await t
      .http()
      .post(`/api/invites/${token}/accept`)
      .send({ password: 'short' })
      .expect(400);
    expect(short.body.details[0].field).toBe('password');

    const res = await t
      .http()
      .post(`/api/invites/${token}/accept`)
      .send({ password: 'a-long-enough-password', name: 'Alex Rivera' })
      .expect(200);
    expect(res.body.user).toMatchObject({ email, name: 'Alex Rivera' });
    expect(res.body.user.memberships[0].role).toBe('volunteer');
    expect(String(res.headers['set-cookie'])).toContain('kindred_session=');

    await t
      .http()
      .post(`/api/invites/${token}/accept`)
      .send({ password: 'a-long-enough-password' })
      .expect(410);
    await t.signIn(email, 'a-long-enough-password');
  });

  it('expires: an old link answers 410 and creates nothing', async () => {
    const email = uniqueEmail('late');
    const token = tokenOf((await invite(email)).link);
    await t.db.query(
      `UPDATE invites SET expires_at = now() - interval '1 minute' WHERE email = $1`,
      [email],
    );
    const res = await t
      .http()
      .post(`/api/invites/${token}/accept`)
      .send({ password: 'a-long-enough-password' })
      .expect(410);
    expect(res.body.message).toMatch(/expired/);
    const users = await t.db.query(`SELECT 1 FROM users WHERE email = $1`, [email]);
    expect(users).toHaveLength(0);
  });

  it('answers 404 for a made-up token', async () => {
    await t.http().get('/api/invites/not-a-real-token').expect(404);
  });

  it('cannot invite into an organization the coordinator does not run', async () => {
    const [university] = await t.db.query(`SELECT id FROM organizations WHERE kind = 'university'`);
    await coordinator.agent
      .post('/api/invites')
      .set('x-csrf-token', coordinator.csrf)
      .send({
        email: uniqueEmail('x'),
        name: 'X',
        role: 'volunteer',
        organizationId: university.id,
      })
      .expect(403);
  });

  it('names each wrong field', async () => {
    const res = await coordinator.agent
      .post('/api/invites')
      .set('x-csrf-token', coordinator.csrf)
      .send({ email: 'nope', name: '', role: 'admin', organizationId: 'x' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'name',
      'organizationId',
      'role',
    ]);
  });
});

describe('password reset', () => {
  it('sends a link that sets a new password once and signs out old sessions', async () => {
    const email = uniqueEmail('reset');
    const token = tokenOf((await invite(email)).link);
    await t
      .http()
      .post(`/api/invites/${token}/accept`)
      .send({ password: 'first-password-123' })
      .expect(200);
    const old = await t.signIn(email, 'first-password-123');

    await t.http().post('/api/auth/password-reset').send({ email }).expect(202);
    const mail = lastAccountMail(t, email);
    expect(mail?.text).toMatch(/Subject: Reset/);
    const resetToken = mail!.link!.split('/reset-password/')[1];

    await t
      .http()
      .post(`/api/auth/password-reset/${resetToken}`)
      .send({ password: 'second-password-456' })
      .expect(204);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: 'first-password-123' })
      .expect(401);
    await t.signIn(email, 'second-password-456');
    const session = await old.agent.get('/api/auth/session');
    expect(session.body.user).toBeNull();
    await t
      .http()
      .post(`/api/auth/password-reset/${resetToken}`)
      .send({ password: 'third-password-789' })
      .expect(410);
  });

  it('answers the same for an unknown e-mail and sends nothing', async () => {
    const email = uniqueEmail('ghost');
    await t.http().post('/api/auth/password-reset').send({ email }).expect(202);
    expect(lastAccountMail(t, email)).toBeUndefined();
  });

  it('refuses an expired link', async () => {
    await t
      .http()
      .post('/api/auth/password-reset')
      .send({ email: 'aisha@kindred.demo' })
      .expect(202);
    const link = lastAccountMail(t, 'aisha@kindred.demo')!.link!;
    t.clock.advance(61 * 60_000);
    try {
      await t
        .http()
        .post(`/api/auth/password-reset/${link.split('/reset-password/')[1]}`)
        .send({ password: 'late-password-000' })
        .expect(410);
    } finally {
      t.clock.advance(-61 * 60_000);
    }
  });
});
