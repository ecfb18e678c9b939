import request from 'supertest';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { buildApp, type InProcessApi } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { DEMO_PASSWORD, seed } from '../src/seed/seed.js';
import { loadCatalog } from '../src/courses/course-content.js';
import { syncCatalog } from '../src/courses/catalog.sync.js';
import { SessionSerializer } from '../src/auth/session.serializer.js';

// The pages' server code calls the API in this process (web/src/hooks.server.ts): one identity resolution
// per page request, every rule of the API still in force, and few SQL statements per module page.

let app: NestExpressApplication;
let db: DataSource;
let call: InProcessApi;
let moduleId: string;
let orgId: string;

/** Every statement sent to PostgreSQL by any pool of this process (the app's TypeORM and session pools). */
let statements: string[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with the client's `this`
const query = pg.Client.prototype.query;
beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    statements.push(typeof q === 'string' ? q : (q.text ?? ''));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterAll(() => {
  pg.Client.prototype.query = query;
});

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL!;
  const config = loadConfig({
    PORT: '3999',
    SESSION_SECRET: 'test-secret-test-secret-test-secret!',
    KINDRED_DATA_DIR: process.env.TEST_DATA_DIR,
    // Signs in many times; the sign-in limit (shared with the other files in one database) is tested elsewhere.
    LOGIN_RATE_LIMIT: '1000',
  });
  db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  await seed(db);
  await syncCatalog(db, loadCatalog());
  // A web handler makes buildApp offer the in-process API, as in the real app.
  app = await buildApp(config, url, {
    schedule: false,
    logger: false,
    web: (_req, res) => void res.status(204).end(),
  });
  await app.init();
  call = (globalThis as { kindredApi?: InProcessApi }).kindredApi!;
  const [m] = await db.query<{ id: string }[]>(`SELECT id FROM modules ORDER BY id LIMIT 1`);
  moduleId = m.id;
  const [o] = await db.query<{ id: string }[]>(
    `SELECT id FROM organizations ORDER BY name LIMIT 1`,
  );
  orgId = o.id;
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

/** Signs in over HTTP; gives the Cookie header a browser would send, and the CSRF token. */
async function signIn(email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ email, password: DEMO_PASSWORD })
    .expect(200);
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return { cookie: cookies.map((c) => c.split(';')[0]).join('; '), csrf: res.body.csrfToken };
}

const get = (cookie: string, url: string, page?: object) =>
  call({ method: 'GET', url, headers: { host: 'localhost', cookie }, page });

/**
 * What one module page request calls: hooks.server.ts (the session, with the header's unread count: the root
 * layout's own call for it is gone) and the module page's load (the module beside its feedback prompt).
 */
async function modulePage(cookie: string): Promise<number[]> {
  const page = {};
  const session = await get(cookie, '/api/auth/session', page);
  const { unread } = (await session.json()) as { unread?: unknown };
  expect(typeof unread).toBe('number');
  const [feedback, mod] = await Promise.all([
    get(cookie, `/api/modules/${moduleId}/feedback`, page),
    get(cookie, `/api/modules/${moduleId}?lang=en`, page),
  ]);
  return [session.status, feedback.status, mod.status];
}

const sessionReads = () =>
  statements.filter((s) => /\bFROM\s+"?sessions"?/i.test(s) && /^\s*SELECT/i.test(s)).length;

describe('the module page through the in-process API', () => {
  it("resolves the person once per page request; the page's queries are the reader's own state", async () => {
    expect(await modulePage((await signIn('jordan@kindred.demo')).cookie)).toEqual([200, 200, 200]);
    // A new sign-in: its session and person are in no cache yet, as for a page after their 5 s in memory.
    const { cookie } = await signIn('jordan@kindred.demo');
    statements = [];
    const serializer = app.get(SessionSerializer);
    const deserialize = serializer.deserializeUser.bind(serializer);
    let resolutions = 0;
    serializer.deserializeUser = (id, done) => {
      resolutions++;
      deserialize(id, done);
    };
    expect(await modulePage(cookie)).toEqual([200, 200, 200]);
    // One read, or two when a cache-bus notice (from an earlier test file's instance) arrives mid-request and
    // keeps the session out of the cache; the page's identity is still resolved once.
    expect(sessionReads()).toBeGreaterThanOrEqual(1);
    expect(sessionReads()).toBeLessThanOrEqual(2);
    expect(resolutions).toBe(1); // one identity resolution for the page's three API calls (before: one per call)
    const cold = statements.length - sessionReads();
    statements = [];
    expect(await modulePage(cookie)).toEqual([200, 200, 200]);
    expect(sessionReads()).toBeLessThanOrEqual(1); // 0 unless a NOTIFY kept the session out of the cache
    const warm = statements.length - sessionReads();
    expect(resolutions).toBe(2);
    serializer.deserializeUser = deserialize;
    // Besides reading the session: the unread count (1 statement, with the session), the reader's progress
    // and enrollment (1) and the feedback prompt's state (1; before: 2, the version read and then whether it
    // was answered).
    expect({ cold, warm }).toEqual({ cold: 3, warm: 3 });
  });

  it('refuses in-process exactly what it refuses over HTTP, on the first call and on a reused identity', async () => {
    const volunteer = await signIn('jordan@kindred.demo');
    const coordinator = await signIn('coordinator@kindred.demo');
    const urls = [
      `/api/modules/${moduleId}`,
      `/api/organizations/${orgId}/members`,
      '/api/courses',
      '/api/learning',
    ];
    for (const who of [volunteer, coordinator, { cookie: '', csrf: '' }]) {
      const page = {};
      await get(who.cookie, '/api/auth/session', page); // the identity is now the page's
      for (const url of urls) {
        const http = await request(app.getHttpServer()).get(url).set('cookie', who.cookie);
        const first = await get(who.cookie, url);
        const reused = await get(who.cookie, url, page);
        expect({ url, first: first.status, reused: reused.status }).toEqual({
          url,
          first: http.status,
          reused: http.status,
        });
      }
    }
    // The volunteer may not read an organization's members, neither way.
    expect((await get(volunteer.cookie, `/api/organizations/${orgId}/members`, {})).status).toBe(
      403,
    );
  });

  it("never lends one person's identity to another cookie, and keeps CSRF on writes", async () => {
    const volunteer = await signIn('jordan@kindred.demo');
    const coordinator = await signIn('coordinator@kindred.demo');
    const page = {};
    expect((await get(coordinator.cookie, '/api/auth/session', page)).status).toBe(200);
    // Same page context, the volunteer's cookie: resolved afresh, so the coordinator's rights do not carry.
    expect((await get(volunteer.cookie, `/api/organizations/${orgId}/members`, page)).status).toBe(
      403,
    );
    const anon = await get('', '/api/auth/session', page);
    expect(((await anon.json()) as { user: unknown }).user).toBeNull();
    // A write in-process without the CSRF token is refused, as over HTTP, even after a resolved GET.
    await get(volunteer.cookie, '/api/auth/session', page);
    const body = new TextEncoder().encode(JSON.stringify({ status: 'started' })).buffer;
    const put = (csrf?: string) =>
      call({
        method: 'PUT',
        url: `/api/modules/${moduleId}/progress`,
        headers: {
          host: 'localhost',
          cookie: volunteer.cookie,
          'content-type': 'application/json',
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body,
        page,
      });
    expect((await put()).status).toBe(403);
    expect((await put(volunteer.csrf)).status).toBe(200);
  });

  it('does not take a page context from anything an HTTP client sends', async () => {
    const coordinator = await signIn('coordinator@kindred.demo');
    const page = {};
    await get(coordinator.cookie, '/api/auth/session', page);
    const res = await request(app.getHttpServer())
      .get(`/api/organizations/${orgId}/members`)
      .set('x-kindred-page', JSON.stringify(page));
    expect(res.status).toBe(401);
  });
});

describe('compression and browser headers', () => {
  it('compresses a text answer over HTTP for a browser that asks; an in-process answer is left plain', async () => {
    const { cookie } = await signIn('jordan@kindred.demo');
    const http = await request(app.getHttpServer())
      .get('/api/courses')
      .set('cookie', cookie)
      .set('accept-encoding', 'gzip');
    expect(http.status).toBe(200);
    expect(http.headers['content-encoding']).toBe('gzip');
    expect(http.headers['content-security-policy']).toContain("default-src 'none'");
    const plain = await request(app.getHttpServer())
      .get('/api/courses')
      .set('cookie', cookie)
      .set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    // In-process (the page's server code reads it; nothing of it but its cookies reaches a browser).
    const inside = await get(cookie, '/api/courses');
    expect(inside.status).toBe(200);
    expect(inside.headers.get('content-encoding')).toBeNull();
    expect(inside.headers.get('content-security-policy')).toBeNull();
    expect(await inside.json()).toEqual(http.body);
  });

  it('gives an HTTP request the browser headers whatever it claims to be', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/health/live')
      .set('x-kindred-in-process', '1')
      .set('x-kindred-page', '{}')
      .set('x-forwarded-for', '127.0.0.1');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
