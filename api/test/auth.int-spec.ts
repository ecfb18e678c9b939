import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health and self-description', () => {
  it('reports ok once the database answers', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves its OpenAPI 3 document', async () => {
    const res = await t.http().get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/auth/login');
  });

  it('sets security headers on API answers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('signing in', () => {
  it.each([
    ['coordinator@kindred.demo', 'coordinator'],
    ['supervisor.ana@kindred.demo', 'supervisor'],
    ['staff@riverside-university.demo', 'institution_staff'],
    ['jordan@kindred.demo', 'volunteer'],
  ])('%s signs in with the role %s and the session remembers them', async (email, role) => {
    const { agent, user } = await t.signIn(email);
    expect(user.memberships.map((m) => m.role)).toContain(role);
    const session = await agent.get('/api/auth/session').expect(200);
    expect(session.body.user.email).toBe(email);
    expect(session.body.csrfToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password with 401 and the same message as an unknown e-mail', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'jordan@kindred.demo', password: 'not-the-password' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@kindred.demo', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('answers 400 naming the field when the body is incomplete', async () => {
    const res = await t.http().post('/api/auth/login').send({ password: 'x' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['email']);
  });

  it('answers 400, not 500, to malformed JSON and 413 to a huge body', async () => {
    await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    const huge = await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/too large/);
  });

  it('refuses unknown fields', async () => {
    const res = await t
      .http()
      .post('/api/auth/password-reset')
      .send({ email: 'jordan@kindred.demo', admin: true })
      .expect(400);
    expect(res.body.details[0].field).toBe('admin');
  });

  it('signs out and forgets the session', async () => {
    const { agent, csrf } = await t.signIn('priya@kindred.demo');
    await agent.post('/api/auth/logout').set('x-csrf-token', csrf).expect(204);
    const session = await agent.get('/api/auth/session').expect(200);
    expect(session.body.user).toBeNull();
  });

  it('limits repeated sign-in attempts for one address and e-mail', async () => {
    const email = 'ratelimit@kindred.demo';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await t.http().post('/api/auth/login').send({ email, password: 'wrong-password' })).status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('CSRF protection', () => {
  it('refuses a signed-in write without the token and accepts it with the token', async () => {
    const { agent, csrf } = await t.signIn('tomas@kindred.demo');
    await agent.put('/api/auth/locale').send({ locale: 'es' }).expect(403);
    await agent
      .put('/api/auth/locale')
      .set('x-csrf-token', 'forged')
      .send({ locale: 'es' })
      .expect(403);
    await agent
      .put('/api/auth/locale')
      .set('x-csrf-token', csrf)
      .send({ locale: 'es' })
      .expect(204);
    const session = await agent.get('/api/auth/session');
    expect(session.body.user.locale).toBe('es');
    await agent
      .put('/api/auth/locale')
      .set('x-csrf-token', csrf)
      .send({ locale: 'en' })
      .expect(204);
  });

  it('does not accept a token of another session', async () => {
    const a = await t.signIn('sam@kindred.demo');
    const b = await t.signIn('aisha@kindred.demo');
    await a.agent
      .put('/api/auth/locale')
      .set('x-csrf-token', b.csrf)
      .send({ locale: 'es' })
      .expect(403);
  });

  it('refuses a forged session cookie as anonymous', async () => {
    const res = await t
      .http()
      .get('/api/invites')
      .set('cookie', 'kindred_session=s%3Aforged.signature')
      .expect(401);
    expect(res.body.message).toMatch(/sign in/i);
  });
});
