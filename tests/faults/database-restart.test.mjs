// Stop the embedded PostgreSQL under load, then kill it (a crash): each time the app says 503 while it is
// down and brings it back by itself (same app process), and every write it acknowledged is still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portOf, alive, connectDb, postmaster, session, sleep, startApp } from './support.mjs';

test(
  'the embedded database stops, then crashes, under load: 503 meanwhile, the app recovers alone, no acknowledged write is lost',
  { timeout: 180_000 },
  async () => {
    const app = await startApp({ port: await portOf(2), env: { KINDRED_SEED: 'true' } });
    try {
      const coordinator = await session(app.origin, 'coordinator@kindred.demo');
      const me = await coordinator.ok('GET', '/api/auth/session');
      const orgId = me.user.memberships.find((m) => m.role === 'coordinator').organizationId;
      const before = postmaster(app.dataDir);
      assert.ok(before && alive(before.pid), 'the embedded PostgreSQL runs');

      const log = []; // { kind, at, status } for every answer; status 0 = the app did not answer at all
      const acknowledged = []; // e-mails of invitations the API confirmed (201)
      let stoppedAt = Infinity;
      const stopAfterMs = 4000;
      let done = false;
      const call = async (kind, fn) => {
        const at = performance.now();
        let status;
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
          const status = await call(
            'write',
            async () =>
              (
                await coordinator.post('/api/invites', {
                  email,
                  name: `Restart ${w}`,
                  role: 'volunteer',
                  organizationId: orgId,
                })
              ).status,
          );
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
      const outages = []; // { signal, pid, at }
      const waitHealthy = async (since) => {
        const deadline = performance.now() + 60_000;
        while (performance.now() < deadline) {
          const last = log.filter((e) => e.kind === 'health' && e.at > since).at(-1);
          if (last?.status === 200) return;
          await sleep(200);
        }
        throw new Error('the app did not report healthy again within 60 s');
      };
      const coordinatorTask = async () => {
        try {
          await sleep(stopAfterMs);
          // First like `pg_ctl stop -m fast` (SIGINT: every session ended, clean shutdown), then a crash
          // (SIGKILL of the postmaster: the next start replays the WAL).
          for (const signal of ['SIGINT', 'SIGKILL']) {
            const pm = postmaster(app.dataDir);
            assert.ok(pm && alive(pm.pid), 'PostgreSQL runs before the outage');
            const at = performance.now();
            outages.push({ signal, pid: pm.pid, at });
            process.kill(pm.pid, signal);
            for (let i = 0; i < 200 && alive(pm.pid); i++) await sleep(50);
            assert.ok(!alive(pm.pid), `PostgreSQL ${pm.pid} is gone after ${signal}`);
            await waitHealthy(at);
            await sleep(3000);
          }
          stoppedAt = outages[0].at;
        } finally {
          done = true;
        }
      };
      await Promise.all([
        writer(1),
        writer(2),
        reader(),
        reader(),
        health(),
        health(),
        coordinatorTask(),
      ]);

      // The app process is the same one, and a new postmaster runs on the same data.
      assert.ok(alive(app.pid), 'the app was not restarted');
      const after = postmaster(app.dataDir);
      assert.ok(
        after && !outages.some((o) => o.pid === after.pid) && alive(after.pid),
        `a new PostgreSQL runs (was ${before.pid}, now ${after?.pid})`,
      );

      for (const [i, outage] of outages.entries()) {
        const until = outages[i + 1]?.at ?? Infinity;
        const healthAfter = log.filter(
          (e) => e.kind === 'health' && e.at > outage.at && e.at < until,
        );
        assert.ok(
          healthAfter.some((e) => e.status === 503),
          `health said 503 while the database was down (${outage.signal})`,
        );
        const back = healthAfter.find(
          (e) => e.status === 200 && healthAfter.some((d) => d.status === 503 && d.at < e.at),
        );
        assert.ok(back, `health said 200 again after the outage (${outage.signal})`);
        outage.back = back;
        console.log(
          `${outage.signal}: outage seen by /api/health ${Math.round(back.at - outage.at)} ms`,
        );
      }
      const lastBack = outages.at(-1).back;
      console.log(`${log.length} requests, ${acknowledged.length} writes acknowledged`);

      // The app always answered (no reset connections), and only with success or 503: never a 500.
      const unexpected = log.filter((e) => e.status === 0 || (e.status >= 300 && e.status !== 503));
      assert.deepEqual(
        unexpected.map((e) => `${e.kind} ${e.status}`),
        [],
        'every request got an answer: 2xx, or 503 while the database was away',
      );
      // Before the stop and after recovery everything worked.
      assert.ok(
        log.filter((e) => e.end < stoppedAt).every((e) => e.status < 300),
        'all good before the stop',
      );
      const recovered = log.filter((e) => e.at > lastBack.end + 1000);
      assert.ok(recovered.length > 10, 'load continued after recovery');
      assert.deepEqual(
        recovered.filter((e) => e.status >= 300).map((e) => `${e.kind} ${e.status}`),
        [],
        'all good a second after recovery',
      );
      for (const kind of ['read', 'write'])
        assert.ok(
          recovered.some((e) => e.kind === kind && e.status < 300),
          `${kind}s work again`,
        );

      // Every acknowledged write is in the database, exactly once.
      const db = await connectDb(app.dataDir);
      try {
        const { rows } = await db.query(
          'SELECT email, count(*)::int AS n FROM invites WHERE email = ANY($1) GROUP BY email',
          [acknowledged],
        );
        assert.equal(rows.length, acknowledged.length, 'every acknowledged invitation was kept');
        assert.ok(rows.every((r) => r.n === 1));
      } finally {
        await db.end();
      }
    } finally {
      await app.close();
    }
  },
);
