import { randomBytes } from 'node:crypto';
import {
  createTestApp,
  lastAccountMail,
  lastMail,
  uniqueEmail,
  type Agent,
  type TestApp,
} from './support/app.js';
import { counts, person, signInFrom } from './support/security.js';

/**
 * Hostile input on every public endpoint and on sign-in, invites and password reset: each answer is a 4xx
 * (a few are accepted by design, e.g. a reset for an unknown address), never a 5xx, and nothing is written.
 */

let t: TestApp;
let certificateId: string;
let signed: Record<string, any>;
let inviteToken: string;
const IP = '198.51.100.20';

// Every table a request could write to, but the rate-limit counters (which count these very requests).
const TABLES = [
  'users',
  'memberships',
  'invites',
  'password_resets',
  'outbox_messages',
  'sessions',
  'evidence',
  'enrollments',
  'credentials',
  'certificate_requests',
  'status_lists',
  'signing_keys',
  'api_clients',
  'audit_log',
  'signoff_requests',
  'drill_attempts',
];

beforeAll(async () => {
  t = await createTestApp();
  const coordinator = await signInFrom(t, 'coordinator@kindred.demo', IP);
  const orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
  const holder = await person(t, 'volunteer', 'riverside-peer-network');
  const issued = await coordinator.agent
    .post(`/api/organizations/${orgId}/certificates`)
    .set('x-csrf-token', coordinator.csrf)
    .send({ holderUserId: holder.id, program: 'foundations', reason: 'Test fixture' })
    .expect(201);
  certificateId = issued.body.id;
  signed = (await t.http().get(`/api/credentials/${certificateId}`).expect(200)).body;
  const invitee = uniqueEmail('hostile-invitee');
  await coordinator.agent
    .post('/api/invites')
    .set('x-csrf-token', coordinator.csrf)
    .send({ email: invitee, name: 'Invitee', role: 'volunteer', organizationId: orgId })
    .expect(201);
  inviteToken = (await lastMail(t.db, invitee))!.link!.split('/').pop()!;
}, 60_000);
afterAll(() => t.close());

let ipCounter = 0;
/** Each request from its own documentation address, so rate limits never stand in for validation. */
const fresh = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

/** Runs requests and collects every answer that is 5xx or (where a 4xx is required) not 4xx. */
async function expectRefusedWithoutWrites(
  cases: {
    name: string;
    run: () => Promise<{ status: number; body: unknown }>;
    allow2xx?: boolean;
  }[],
) {
  const before = await counts(t, TABLES);
  const wrong: string[] = [];
  for (const c of cases) {
    const res = await c.run();
    const ok = res.status < 500 && (res.status >= 400 || (c.allow2xx && res.status < 300));
    if (!ok) wrong.push(`${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  expect(wrong).toEqual([]);
  expect(await counts(t, TABLES)).toEqual(before);
}

const post = (path: string, body: unknown, type = 'application/json') =>
  t
    .http()
    .post(path)
    .set('x-forwarded-for', fresh())
    .set('content-type', type)
    .send(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));

/** The public JSON endpoints, with a body of the right shape to start mutating from. */
const ENDPOINTS: { path: () => string; body: () => Record<string, unknown>; accepted?: boolean }[] =
  [
    {
      path: () => '/api/auth/login',
      body: () => ({ email: 'jordan@kindred.demo', password: 'not-the-password' }),
    },
    {
      path: () => '/api/auth/password-reset',
      body: () => ({ email: 'nobody-here@example.org' }),
      accepted: true,
    },
    {
      path: () => '/api/auth/password-reset/not-a-token',
      body: () => ({ password: 'a-long-new-password' }),
    },
    // a real invitation, but each body keeps one field wrong (a short password or an empty name), so none is accepted
    {
      path: () => `/api/invites/${inviteToken}/accept`,
      body: () => ({ password: 'short', name: '' }),
    },
    {
      path: () => '/api/credentials/verify',
      body: () => ({
        verifiableCredential: {
          ...signed,
          credentialSubject: { ...signed.credentialSubject, name: 'Forged' },
        },
      }),
    },
    {
      path: () => '/api/credentials/verify/bulk',
      body: () => ({ ids: ['not-an-id'] }),
      accepted: true,
    },
    {
      path: () => '/api/presentations/verify',
      body: () => ({ verifiablePresentation: { type: ['VerifiablePresentation'] } }),
    },
    {
      path: () => '/api/credentials/issue',
      body: () => ({ credential: { type: ['VerifiableCredential'] } }),
    },
  ];

const WRONG_TYPES: unknown[] = [
  null,
  42,
  -1e308,
  true,
  [],
  ['a'],
  {},
  { $gt: '' },
  'x'.repeat(10_000),
];
const STRINGS = [
  'nul\u0000byte',
  '\u0000',
  'rtl\u202Eoverride\u202C@example.org',
  'jоrdan@kindred.demo', // Cyrillic о: a homoglyph of jordan@
  'jordan@kindred.demo\u0000.evil.example',
  'lone\uD800surrogate',
  '\uFEFFbom@example.org',
  '../../etc/passwd',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '\u202Egpj.exe',
  'e\u0301@example.org',
  randomBytes(6000).toString('base64'), // long and incompressible
];

describe('malformed and oversized bodies', () => {
  it('refuses malformed JSON, huge bodies and wrong content types on every public endpoint', async () => {
    const cases = ENDPOINTS.flatMap((e) => [
      { name: `${e.path()} truncated`, run: () => post(e.path(), '{"email":') },
      { name: `${e.path()} trailing garbage`, run: () => post(e.path(), '{"a":1}}}') },
      {
        name: `${e.path()} not JSON at all`,
        run: () => post(e.path(), 'email=jordan@kindred.demo'),
      },
      { name: `${e.path()} JSON string`, run: () => post(e.path(), '"just a string"') },
      { name: `${e.path()} JSON number`, run: () => post(e.path(), '12') },
      { name: `${e.path()} JSON array`, run: () => post(e.path(), '[1,2,3]') },
      { name: `${e.path()} empty JSON body`, run: () => post(e.path(), '') },
      {
        name: `${e.path()} 2 MB`,
        run: () => post(e.path(), JSON.stringify({ ...e.body(), pad: 'a'.repeat(2_000_000) })),
      },
      {
        name: `${e.path()} deeply nested`,
        run: () => post(e.path(), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)),
      },
      {
        name: `${e.path()} invalid UTF-8`,
        run: () =>
          post(
            e.path(),
            Buffer.concat([
              Buffer.from('{"email":"'),
              Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff]),
              Buffer.from('"}'),
            ]),
          ),
      },
      {
        name: `${e.path()} overlong UTF-8 slash`,
        run: () =>
          post(
            e.path(),
            Buffer.concat([
              Buffer.from('{"password":"..'),
              Buffer.from([0xc0, 0xaf]),
              Buffer.from('etc"}'),
            ]),
          ),
      },
      {
        name: `${e.path()} prototype pollution`,
        run: () =>
          post(e.path(), `{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}`),
      },
      {
        name: `${e.path()} utf-16 declared`,
        run: () =>
          post(
            e.path(),
            Buffer.from(JSON.stringify(e.body()), 'utf16le'),
            'application/json; charset=utf-16',
          ),
      },
      {
        name: `${e.path()} xml`,
        run: () =>
          post(
            e.path(),
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            'application/xml',
          ),
      },
    ]);
    await expectRefusedWithoutWrites(cases.map((c) => ({ ...c, allow2xx: false })));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  }, 120_000);

  it('refuses wrong types in every field of every public endpoint', async () => {
    const cases = ENDPOINTS.flatMap((e) =>
      Object.keys(e.body()).flatMap((field) =>
        WRONG_TYPES.map((value, i) => ({
          name: `${e.path()} ${field}=${JSON.stringify(value)?.slice(0, 30)} #${i}`,
          run: () => post(e.path(), { ...e.body(), [field]: value }),
          allow2xx: e.accepted,
        })),
      ),
    );
    await expectRefusedWithoutWrites(cases);
  }, 120_000);

  it('survives unicode tricks in every text field: NUL bytes, RTL overrides, homoglyphs, lone surrogates', async () => {
    const cases = ENDPOINTS.flatMap((e) =>
      Object.keys(e.body()).flatMap((field) =>
        STRINGS.map((value, i) => ({
          name: `${e.path()} ${field} trick #${i}`,
          run: () => post(e.path(), { ...e.body(), [field]: value }),
          allow2xx: e.accepted,
        })),
      ),
    );
    await expectRefusedWithoutWrites(cases);
  }, 120_000);

  it('refuses NUL bytes and lone surrogates in an otherwise valid invitation acceptance, creating no account', async () => {
    const accept = (body: object) => post(`/api/invites/${inviteToken}/accept`, body);
    await expectRefusedWithoutWrites([
      {
        name: 'NUL in name',
        run: () => accept({ password: 'a-long-enough-password', name: 'Mal\u0000lory' }),
      },
      {
        name: 'NUL in password',
        run: () => accept({ password: 'a-long-enough\u0000password', name: 'Mallory' }),
      },
      {
        name: 'lone surrogate in name',
        run: () => accept({ password: 'a-long-enough-password', name: 'Mal\uDC00lory' }),
      },
      {
        name: 'NUL in a key',
        run: () => accept({ password: 'a-long-enough-password', ['name\u0000']: 'x' }),
      },
      {
        name: 'NUL in the query',
        run: () =>
          t
            .http()
            .post(`/api/invites/${inviteToken}/accept?x=%00`)
            .send({ password: 'a-long-enough-password', name: 'Mallory' }),
      },
    ]);
    const res = await accept({ password: 'a-long-enough-password', name: 'Mal\u0000lory' });
    expect(res.body.details).toEqual([
      { field: 'name', messages: ['name contains a NUL character'] },
    ]);
  });

  it('a homoglyph or decorated e-mail never signs in as, nor resets the password of, the real person', async () => {
    const real = await person(t, 'volunteer', 'riverside-peer-network');
    const [local, domain] = real.email.split('@');
    const lookalikes = [
      `${local.replace('o', '\u043E').replace('e', '\u0435').replace('a', '\u0430')}@${domain}`, // Cyrillic о, е, а
      `${local}@${domain.replace('.', '\u3002')}`, // ideographic full stop
      `\u202E${real.email}`,
      `${real.email}\u200B`, // zero-width space
      `${local}\uFF20${domain}`, // full-width @
    ];
    const mailsBefore = Number(
      (
        await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1`, [
          real.email,
        ])
      )[0].n,
    );
    for (const email of lookalikes) {
      expect(email).not.toBe(real.email);
      const login = await post('/api/auth/login', { email, password: 'kindred-demo-password' });
      expect([400, 401]).toContain(login.status);
      expect([202, 400]).toContain((await post('/api/auth/password-reset', { email })).status);
    }
    expect(
      Number(
        (
          await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1`, [
            real.email,
          ])
        )[0].n,
      ),
    ).toBe(mailsBefore);
    // The real address still works (case-insensitively), so the refusals above were about the look-alikes.
    expect(
      (
        await post('/api/auth/login', {
          email: real.email.toUpperCase(),
          password: 'kindred-demo-password',
        })
      ).status,
    ).toBe(200);
  });

  it('verifies a mangled credential as not valid (400), never a 500', async () => {
    const mangle: [string, (c: Record<string, any>) => unknown][] = [
      ['no proof', (c) => ({ ...c, proof: undefined })],
      ['proof is a string', (c) => ({ ...c, proof: 'abc' })],
      ['proof is a list of junk', (c) => ({ ...c, proof: [1, null, 'x'] })],
      ['proof value garbage', (c) => ({ ...c, proof: { ...c.proof, proofValue: 'z!!!' } })],
      [
        'proof method unknown did',
        (c) => ({ ...c, proof: { ...c.proof, verificationMethod: 'did:key:z6MkNOPE#z6MkNOPE' } }),
      ],
      [
        'proof method remote',
        (c) => ({ ...c, proof: { ...c.proof, verificationMethod: 'https://127.0.0.1:1/key' } }),
      ],
      ['context is a number', (c) => ({ ...c, '@context': 5 })],
      ['context remote', (c) => ({ ...c, '@context': ['https://127.0.0.1:1/ctx'] })],
      ['type missing', (c) => ({ ...c, type: undefined })],
      ['issuer null', (c) => ({ ...c, issuer: null })],
      ['issuer a number', (c) => ({ ...c, issuer: 7 })],
      ['dates garbage', (c) => ({ ...c, validFrom: 'yesterday', validUntil: { a: 1 } })],
      ['status a number', (c) => ({ ...c, credentialStatus: 3 })],
      [
        'status list remote',
        (c) => ({
          ...c,
          credentialStatus: [
            { ...c.credentialStatus[0], statusListCredential: 'http://127.0.0.1:1/list' },
          ],
        }),
      ],
      [
        'status index huge',
        (c) => ({
          ...c,
          credentialStatus: [{ ...c.credentialStatus[0], statusListIndex: '99999999999999999999' }],
        }),
      ],
      [
        'status index negative',
        (c) => ({ ...c, credentialStatus: [{ ...c.credentialStatus[0], statusListIndex: '-1' }] }),
      ],
      ['subject a list', (c) => ({ ...c, credentialSubject: [1, 2] })],
      ['subject null', (c) => ({ ...c, credentialSubject: null })],
      ['id traversal', (c) => ({ ...c, id: 'urn:uuid:../../etc/passwd' })],
      ['NUL in name', (c) => ({ ...c, name: 'a\u0000b' })],
      [
        'endorsement junk',
        (c) => ({
          ...c,
          credentialSubject: {
            ...c.credentialSubject,
            achievement: { ...c.credentialSubject.achievement, endorsement: [{}, 5] },
          },
        }),
      ],
      ['empty object', () => ({})],
    ];
    const cases = mangle.flatMap(([name, fn]) => [
      {
        name: `verify: ${name}`,
        run: () =>
          post('/api/credentials/verify', { verifiableCredential: fn(structuredClone(signed)) }),
      },
      {
        name: `presentation: ${name}`,
        run: () =>
          post('/api/presentations/verify', {
            verifiablePresentation: {
              '@context': ['https://www.w3.org/ns/credentials/v2'],
              type: ['VerifiablePresentation'],
              verifiableCredential: [fn(structuredClone(signed))],
            },
          }),
      },
    ]);
    await expectRefusedWithoutWrites(cases);
  }, 120_000);

  it('bulk verification by CSV survives hostile lines and does not let a formula through', async () => {
    const csv = [
      `=HYPERLINK("http://evil.example","${certificateId}")`,
      `\u0000${certificateId}`,
      '../'.repeat(100),
      `"${'a'.repeat(100_000)}"`,
      `+${certificateId}`,
    ].join('\n');
    const res = await post('/api/credentials/verify/bulk', csv, 'text/csv');
    expect(res.status).toBe(200);
    for (const line of res.text.split('\r\n').slice(1).filter(Boolean))
      expect(line).not.toMatch(/^[=+\-@\t\r]/);
    expect(
      (await post('/api/credentials/verify/bulk', Buffer.from([0xff, 0xfe, 0x00]), 'text/csv'))
        .status,
    ).toBe(400);
  });
});

describe('path traversal and odd ids in the path', () => {
  const IDS = [
    '..',
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2f',
    '..%252F..%252F',
    '%00',
    'abc%00def',
    '%C0%AE%C0%AE%2F',
    '%E2%80%AE',
    '%FF%FE',
    '%',
    'a'.repeat(5000),
    '00000000-0000-4000-8000-000000000000%00',
    'urn:uuid:00000000-0000-4000-8000-000000000000',
    "1' OR '1'='1",
    '%3Cscript%3E',
  ];
  const TEMPLATES = [
    (id: string) => ['get', `/api/credentials/${id}`],
    (id: string) => ['get', `/api/credentials/${id}/pdf`],
    (id: string) => ['get', `/api/credentials/${id}/verification`],
    (id: string) => ['get', `/api/status-lists/${id}`],
    (id: string) => ['get', `/api/invites/${id}`],
    (id: string) => ['post', `/api/invites/${id}/accept`],
    (id: string) => ['post', `/api/auth/password-reset/${id}`],
    (id: string) => ['get', `/api/frameworks/${id}`],
    (id: string) => ['get', `/api/frameworks/kindred-peer-support/items/${id}`],
    (id: string) => ['get', `/api/frameworks/kindred-peer-support/${id}`],
    (id: string) => ['get', `/api/frameworks/kindred-peer-support/es/items/${id}`],
    (id: string) => ['get', `/api/competencies/${id}`],
  ] as const;

  it('answers every odd id on every public route with a 4xx, never a 5xx, and writes nothing', async () => {
    const cases = TEMPLATES.flatMap((tpl) =>
      IDS.map((id) => {
        const [method, path] = tpl(id);
        return {
          name: `${method} ${path.slice(0, 80)}`,
          run: () =>
            method === 'get'
              ? t.http().get(path).set('x-forwarded-for', fresh())
              : t
                  .http()
                  .post(path)
                  .set('x-forwarded-for', fresh())
                  .send({ password: 'a-long-enough-password', name: 'x' }),
        };
      }),
    );
    await expectRefusedWithoutWrites(cases);
  }, 120_000);

  it('a signed-in person gets 4xx, not 5xx, for odd ids in their own routes', async () => {
    const volunteer = await signInFrom(
      t,
      (await person(t, 'volunteer', 'riverside-peer-network')).email,
      IP,
    );
    const coordinator = await signInFrom(t, 'coordinator@kindred.demo', IP);
    const orgId = coordinator.user.memberships[0].organizationId;
    const as = (
      a: Agent,
      method: 'get' | 'post' | 'put' | 'delete',
      path: string,
      body?: object,
    ) => {
      const req = a.agent[method](path);
      if (method !== 'get') req.set('x-csrf-token', a.csrf);
      return body ? req.send(body) : req;
    };
    const cases = IDS.flatMap((id) => [
      { name: `module ${id.slice(0, 30)}`, run: () => as(volunteer, 'get', `/api/modules/${id}`) },
      {
        name: `module progress ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'put', `/api/modules/${id}/progress`, { position: 'x' }),
      },
      {
        name: `quiz ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'get', `/api/modules/${id}/quiz`),
      },
      { name: `course ${id.slice(0, 30)}`, run: () => as(volunteer, 'get', `/api/courses/${id}`) },
      {
        name: `enroll ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'post', `/api/courses/${id}/enrollment`, {}),
      },
      { name: `drill ${id.slice(0, 30)}`, run: () => as(volunteer, 'get', `/api/drills/${id}`) },
      {
        name: `drill attempt ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'post', `/api/drills/${id}/attempts`, {}),
      },
      {
        name: `attempt ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'get', `/api/drill-attempts/${id}`),
      },
      {
        name: `module feedback ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'post', `/api/modules/${id}/feedback`, { choice: 'clear' }),
      },
      {
        name: `drill feedback ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'post', `/api/drill-attempts/${id}/feedback`, { choice: 'clear' }),
      },
      {
        name: `sign-off ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'post', `/api/me/competencies/${id}/signoff-requests`, {}),
      },
      {
        name: `sharing ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'put', `/api/certificates/mine/${id}/sharing`, { hidden: true }),
      },
      {
        name: `session ${id.slice(0, 30)}`,
        run: () => as(volunteer, 'get', `/api/drill-sessions/${id}`),
      },
      {
        name: `revoke ${id.slice(0, 30)}`,
        run: () => as(coordinator, 'post', `/api/certificates/${id}/revoke`, { reason: 'x' }),
      },
      {
        name: `members ${id.slice(0, 30)}`,
        run: () => as(coordinator, 'get', `/api/organizations/${id}/members`),
      },
      {
        name: `api client ${id.slice(0, 30)}`,
        run: () => as(coordinator, 'delete', `/api/organizations/${orgId}/api-clients/${id}`),
      },
    ]);
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await c.run();
      if (res.status < 400 || res.status >= 500)
        wrong.push(`${c.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('sessions and CSRF', () => {
  it('refuses forged session cookies of every shape as anonymous', async () => {
    const cookies = [
      'kindred_session=s%3Aforged.signature',
      'kindred_session=s%3A',
      'kindred_session=forged',
      'kindred_session=%00%00',
      `kindred_session=${'a'.repeat(8000)}`,
      'kindred_session=s%3Aabc.def; kindred_session=s%3Aghi.jkl',
      'kindred_session=s%3A%E2%80%AE.x',
    ];
    for (const cookie of cookies) {
      const res = await t.http().get('/api/certificates/mine').set('cookie', cookie);
      expect([400, 401, 431]).toContain(res.status);
    }
  });

  it('refuses a signed-out session’s cookie when it is replayed', async () => {
    const email = (await person(t, 'volunteer', 'riverside-peer-network')).email;
    const me = await signInFrom(t, email, IP);
    // The cookie as an attacker would have copied it before the sign-out.
    const cookie = sessionCookie(me);
    expect(cookie).toContain('kindred_session=');
    await t.http().get('/api/certificates/mine').set('cookie', cookie).expect(200);
    await me.agent.post('/api/auth/logout').set('x-csrf-token', me.csrf).expect(204);
    await t.http().get('/api/certificates/mine').set('cookie', cookie).expect(401);
    const session = await t.http().get('/api/auth/session').set('cookie', cookie).expect(200);
    expect(session.body.user).toBeNull();
    // …and its CSRF token opens nothing either.
    await t
      .http()
      .put('/api/auth/locale')
      .set('cookie', cookie)
      .set('x-csrf-token', me.csrf)
      .send({ locale: 'es' })
      .expect(401);
  });

  it('refuses a cookie from before a password reset', async () => {
    const email = (await person(t, 'volunteer', 'riverside-peer-network')).email;
    const me = await signInFrom(t, email, IP);
    const cookie = sessionCookie(me);
    await t
      .http()
      .post('/api/auth/password-reset')
      .set('x-forwarded-for', fresh())
      .send({ email })
      .expect(202);
    const token = lastAccountMail(t, email)!.link!.split('/').pop()!;
    await t
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: 'a-brand-new-password' })
      .expect(204);
    await t.http().get('/api/certificates/mine').set('cookie', cookie).expect(401);
    // The link is single-use.
    expect(
      (
        await t
          .http()
          .post(`/api/auth/password-reset/${token}`)
          .send({ password: 'another-new-password' })
      ).status,
    ).toBeGreaterThanOrEqual(400);
  });

  it('refuses signed-in writes without the CSRF token or with a wrong one, and writes nothing', async () => {
    const volunteer = await signInFrom(
      t,
      (await person(t, 'volunteer', 'riverside-peer-network')).email,
      IP,
    );
    const coordinator = await signInFrom(t, 'coordinator@kindred.demo', IP);
    const other = await signInFrom(t, 'supervisor.ana@kindred.demo', IP);
    const orgId = coordinator.user.memberships[0].organizationId;
    const writes: [Agent, 'post' | 'put' | 'delete', string, object][] = [
      [volunteer, 'put', '/api/auth/locale', { locale: 'es' }],
      [volunteer, 'post', '/api/courses/peer-roles/enrollment', {}],
      [volunteer, 'post', '/api/me/competencies/PEER.1/signoff-requests', {}],
      [volunteer, 'post', '/api/drills/deesc-bus-stop-01/attempts', {}],
      [volunteer, 'put', `/api/certificates/mine/${certificateId}/sharing`, { hidden: true }],
      [
        coordinator,
        'post',
        '/api/invites',
        { email: uniqueEmail('csrf'), name: 'X', role: 'volunteer', organizationId: orgId },
      ],
      [coordinator, 'post', `/api/organizations/${orgId}/api-clients`, { name: 'csrf' }],
      [coordinator, 'post', `/api/organizations/${orgId}/signing-key/rotate`, {}],
      [coordinator, 'post', `/api/certificates/${certificateId}/revoke`, { reason: 'csrf' }],
      [coordinator, 'post', '/api/auth/logout', {}],
    ];
    const tokens: [string, (a: Agent) => string | undefined][] = [
      ['no token', () => undefined],
      ['empty token', () => ''],
      ['forged token', () => 'forged'],
      ['token of another session', () => other.csrf],
      ['token with a different case', (a) => a.csrf.toUpperCase()],
      ['token with a suffix', (a) => a.csrf + 'x'],
    ];
    await expectRefusedWithoutWrites(
      writes.flatMap(([who, method, path, body]) =>
        tokens.map(([name, token]) => ({
          name: `${method} ${path} with ${name}`,
          run: async () => {
            const req = who.agent[method](path);
            const value = token(who);
            if (value !== undefined) req.set('x-csrf-token', value);
            const res = await req.send(body);
            return res.status === 403
              ? res
              : { status: 200, body: `expected 403, got ${res.status}` };
          },
        })),
      ),
    );
    // Still signed in (logout without the token was refused) and still usable with the right token.
    await coordinator.agent.get('/api/invites').expect(200);
    await volunteer.agent
      .put('/api/auth/locale')
      .set('x-csrf-token', volunteer.csrf)
      .send({ locale: 'en' })
      .expect(204);
  }, 60_000);

  it('does not take the CSRF token from a form field or the query string', async () => {
    const volunteer = await signInFrom(
      t,
      (await person(t, 'volunteer', 'riverside-peer-network')).email,
      IP,
    );
    await volunteer.agent
      .put(`/api/auth/locale?csrf=${volunteer.csrf}`)
      .type('form')
      .send({ locale: 'es', _csrf: volunteer.csrf })
      .expect(403);
  });
});

function sessionCookie(a: Agent): string {
  const jar = (
    a.agent as unknown as { jar: { getCookies(o: object): { name: string; value: string }[] } }
  ).jar;
  const all = jar.getCookies({ path: '/api', domain: '127.0.0.1', secure: false, script: false });
  const c = all.find((x) => x.name === 'kindred_session');
  if (!c) throw new Error('no session cookie');
  return `kindred_session=${c.value}`;
}
