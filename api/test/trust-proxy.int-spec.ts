import { createTestApp, uniqueEmail, type TestApp } from './support/app.js';

/**
 * TRUST_PROXY unset (the default): X-Forwarded-For is nobody's word, so a client on the host cannot rotate it
 * past the limits. (Its own file: passport's strategy is process-wide, so two apps in one file would share it.)
 */
let strict: TestApp;
beforeAll(async () => {
  strict = await createTestApp({ TRUST_PROXY: '', LOGIN_RATE_LIMIT: '3' });
});
afterAll(() => strict.close());

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default: X-Forwarded-For from the loopback does not rotate past the limit', async () => {
    const email = uniqueEmail('rotating');
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await strict
        .http()
        .post('/api/auth/login')
        .set('x-forwarded-for', `203.0.113.${200 + i}`)
        .send({ email, password: 'wrong-password' });
      answers.push(res.status);
    }
    expect(answers).toEqual([401, 401, 401, 429, 429]);
  });
});
