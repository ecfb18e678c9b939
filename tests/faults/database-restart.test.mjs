// Restart the embedded PostgreSQL under load: the app says 503 while it is down, brings it back by itself
// (same app process), and every write it acknowledged is still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portOf, alive, connectDb, postmaster, session, sleep, startApp } from './support.mjs';

test('the embedded database stops under load: 503 meanwhile, the app recovers alone, no acknowledged write is lost', { timeout: 180_000 }, async () => {
  const app = await startApp({ port: await portOf(2), env: { KINDRED_SEED: 'true' } });
  try {
    const coordinator = await session(app.origin, 'coordinator@kindred.demo');
    const me = await coordinator.ok('GET', '/api/auth/session');
    const orgId = me.user.memberships.find((m) => m.role === 'coordinator').organizationId;
    const before = postmaster(app.dataDir);
    assert.ok(before && alive(before.pid), 'the embedded PostgreSQL runs');

    const t0 = performance.now();
    const log = []; // { kind, at, status } for every answer; status 0 = the app did not answer at all
    const acknowledged = []; // e-mails of invitations the API confirmed (201)
    let stoppedAt = Infinity;
    let stopAfterMs = 4000;
    let done = false;
    const call = async (kind, fn) => {
      const at = performance.now();
      let status = 0;
      try {
        status = await fn();
      } catch {
        status = 0;
      }
      log.push({ kind, at, end: performance.now(), status });
      return status;
    };
    let n = 0;
    const writer = async (w) => {
      while (!done) {
        const email = `restart-${w}-${n++}@example.org`;
        const status = await call('write', async () => (await coordinator.post('/api/invites', { email, name: `Restart ${w}`, role: 'volunteer', organizationId: orgId })).status);
        if (status === 201) acknowledged.push(email);
        await sleep(50);
      }
    };
    const reader = async () => {
      while (!done) {
        await call('read', async () => (await coordinator.get('/api/invites')).status);
        await sleep(50);
      }
    };
    const health = async () => {
      while (!done) {
        await call('health', async () => (await fetch(`${app.origin}/api/health`)).status);
        await sleep(50);
      }
    };
    const coordinatorTask = async () => {
      await sleep(stopAfterMs);
      // Like `pg_ctl stop -m fast`: the postmaster ends every session and shuts down.
      stoppedAt = performance.now();
      process.kill(before.pid, 'SIGINT');
      for (let i = 0; i < 200 && alive(before.pid); i++) await sleep(50);
      assert.ok(!alive(before.pid), 'the first PostgreSQL stopped');
      // Wait for the app to report healthy again, then keep the load on a few more seconds.
      const deadline = performance.now() + 60_000;
      while (performance.now() < deadline) {
        const last = log.filter((e) => e.kind === 'health' && e.at > stoppedAt).at(-1);
        if (last?.status === 200) break;
        await sleep(200);
      }
      await sleep(3000);
      done = true;
    };
    await Promise.all([writer(1), writer(2), reader(), reader(), health(), health(), coordinatorTask()]);

    // The app process is the same one, and a new postmaster runs on the same data.
    assert.ok(alive(app.pid), 'the app was not restarted');
    const after = postmaster(app.dataDir);
    assert.ok(after && after.pid !== before.pid && alive(after.pid), `a new PostgreSQL runs (was ${before.pid}, now ${after?.pid})`);

    const afterStop = log.filter((e) => e.at > stoppedAt);
    const healthAfter = afterStop.filter((e) => e.kind === 'health');
    assert.ok(healthAfter.some((e) => e.status === 503), 'health said 503 while the database was down');
    const firstBack = healthAfter.find((e) => e.status === 200 && healthAfter.some((d) => d.status === 503 && d.at < e.at));
    assert.ok(firstBack, 'health said 200 again after the outage');
    console.log(`outage seen by /api/health: ${Math.round(firstBack.at - stoppedAt)} ms; ${log.length} requests, ${acknowledged.length} writes acknowledged`);

    // The app always answered (no reset connections), and only with success or 503: never a 500.
    const unexpected = log.filter((e) => e.status === 0 || (e.status >= 300 && e.status !== 503));
    assert.deepEqual(unexpected.map((e) => `${e.kind} ${e.status}`), [], 'every request got an answer: 2xx, or 503 while the database was away');
    // Before the stop and after recovery everything worked.
    assert.ok(log.filter((e) => e.end < stoppedAt).every((e) => e.status < 300), 'all good before the stop');
    const recovered = log.filter((e) => e.at > firstBack.end + 1000);
    assert.ok(recovered.length > 10, 'load continued after recovery');
    assert.deepEqual(recovered.filter((e) => e.status >= 300).map((e) => `${e.kind} ${e.status}`), [], 'all good a second after recovery');
    for (const kind of ['read', 'write']) assert.ok(recovered.some((e) => e.kind === kind && e.status < 300), `${kind}s work again`);

    // Every acknowledged write is in the database, exactly once.
    const db = await connectDb(app.dataDir);
    try {
      const { rows } = await db.query('SELECT email, count(*)::int AS n FROM invites WHERE email = ANY($1) GROUP BY email', [acknowledged]);
      assert.equal(rows.length, acknowledged.length, 'every acknowledged invitation was kept');
      assert.ok(rows.every((r) => r.n === 1));
    } finally {
      await db.end();
    }
  } finally {
    await app.close();
  }
});
