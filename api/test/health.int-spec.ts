import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('liveness and readiness', () => {
  it('liveness answers without the database', async () => {
    const res = await t.http().get('/api/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('readiness says ready once every migration of this build is applied', async () => {
    const res = await t.http().get('/api/health/ready').expect(200);
    expect(res.body).toEqual({
      status: 'ready',
      database: 'up',
      pendingMigrations: 0,
      stopping: false,
    });
  });

  it('readiness counts a migration the database has not applied as not ready', async () => {
    const ds = t.db;
    const [last] = await ds.query<{ id: number; name: string; timestamp: string }[]>(
      'SELECT id, name, timestamp FROM migrations ORDER BY id DESC LIMIT 1',
    );
    await ds.query('DELETE FROM migrations WHERE id = $1', [last.id]);
    try {
      const res = await t.http().get('/api/health/ready').expect(503);
      expect(res.body).toMatchObject({ status: 'not_ready', database: 'up', pendingMigrations: 1 });
    } finally {
      await ds.query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
  });
});

describe('request ids', () => {
  it('every answer carries an id, and an error body quotes it', async () => {
    const ok = await t.http().get('/api/health/live');
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await t.http().get('/api/credentials/not-an-id').expect(400);
    expect(bad.body.requestId).toBe(bad.headers['x-request-id']);
  });

  it("keeps a caller's plain correlation id and replaces anything else", async () => {
    const kept = await t.http().get('/api/health/live').set('x-request-id', 'trace-1234abcd');
    expect(kept.headers['x-request-id']).toBe('trace-1234abcd');
    const replaced = await t
      .http()
      .get('/api/health/live')
      .set('x-request-id', 'x"><script>alert(1)</script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
