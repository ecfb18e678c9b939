// Two instances of the built app on one PostgreSQL (the first's embedded server) behind a round-robin proxy,
// beside the first alone in the same run; and whether sessions, CSRF, caches and jobs hold across instances.
// Alone: `pnpm bench scale-out`. Its own database, so revoking a certificate here touches no other case.
import { request, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, load, root, signIn, startApp } from '../lib.mjs';

const pg = createRequire(join(root, 'api', 'package.json'))('pg');

export const name = 'Scale-out: two instances on one database';

/** Round-robin HTTP proxy over `origins`: each request to the next instance, streamed both ways. */
async function roundRobin(origins) {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(origins[next++ % origins.length]);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function run(ctx) {
  const a = await startApp();
  let b;
  let proxy;
  try {
    const pid = readFileSync(join(a.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    const password = readFileSync(join(a.dataDir, 'pg-password'), 'utf8').trim();
    b = await startApp({
      env: {
        DATABASE_URL: `postgres://kindred:${encodeURIComponent(password)}@127.0.0.1:${pid[3].trim()}/kindred`,
        // Every instance shares the session secret and the key-encryption key (config.ts requires it in
        // production); A generated them into its data directory.
        SESSION_SECRET: readFileSync(join(a.dataDir, 'session-secret'), 'utf8').trim(),
        KINDRED_KEK: readFileSync(join(a.dataDir, 'kek'), 'utf8').trim(),
        KINDRED_SEED: 'false',
      },
    });
    proxy = await roundRobin([a.origin, b.origin]);
    const yes = (ok) => (ok ? 'yes' : 'no');

    // Sessions: signed in through A, read through B.
    const cookie = await signIn(a.origin, 'sam@kindred.demo');
    const session = await fetch(`${b.origin}/api/auth/session`, { headers: { cookie } });
    const sessionBody = session.ok ? await session.json() : {};
    const sessionOk = JSON.stringify(sessionBody).includes('sam@kindred.demo');
    ctx.row({
      what: 'session made on A is read by B',
      figure: yes(sessionOk),
      baseline: '—',
      ratio: '—',
      target: 'yes',
      holds: sessionOk,
    });

    // CSRF: A's token accepted by B; a wrong one refused by B (so the check is there at all).
    const csrf = /kindred_csrf=([^;]+)/.exec(cookie)?.[1];
    const enroll = (token) =>
      fetch(`${b.origin}/api/courses/crisis-de-escalation/enrollment`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': token },
      });
    const wrong = await enroll('not-the-token');
    const right = await enroll(csrf);
    const csrfOk = wrong.status === 403 && (right.ok || right.status === 409);
    ctx.row({
      what: `CSRF token from A accepted by B (B: ${right.status}; wrong token: ${wrong.status})`,
      figure: yes(csrfOk),
      baseline: '—',
      ratio: '—',
      target: 'yes',
      holds: csrfOk,
    });

    // Load: the module page and the verify endpoint, A alone, then A + B through the proxy.
    const grace = await signIn(a.origin, 'grace@kindred.demo');
    const mine = await (
      await fetch(`${a.origin}/api/certificates/mine`, { headers: { cookie: grace } })
    ).json();
    let id;
    for (const c of mine) {
      const r = await fetch(`${a.origin}/api/credentials/${encodeURIComponent(c.id)}/verification`);
      if (r.ok && (await r.json()).verdict === 'valid') {
        id = c.id;
        break;
      }
    }
    if (!id) throw new Error('the demo seed issued no valid certificate to verify');
    for (const [what, path, headers] of [
      ['module page (deesc-02), signed in', '/learn/modules/deesc-02?ready', { cookie }],
      [
        'GET /api/credentials/:id/verification',
        `/api/credentials/${encodeURIComponent(id)}/verification`,
        {},
      ],
    ]) {
      const one = await load(`${a.origin}${path}`, { headers });
      const two = await load(`${proxy.origin}${path}`, { headers });
      ctx.row({
        what: `${what}, 50 connections: two instances behind the proxy ÷ one`,
        figure: `${two.rps.toFixed(0)} req/s, p95 ${two.p95} ms, ${two.errors} errors`,
        baseline: `${one.rps.toFixed(0)} req/s, p95 ${one.p95} ms (one instance)`,
        ratio: (two.rps / one.rps).toFixed(2),
        target: 'informational (bounded by the cores: see REPORT.md)',
      });
    }

    // Caches: B holds "valid" in memory; a revocation through A must reach it (LISTEN/NOTIFY), not wait for a TTL.
    const verdict = async (o) =>
      (await (await fetch(`${o}/api/credentials/${encodeURIComponent(id)}/verification`)).json())
        .verdict;
    await verdict(b.origin);
    const coordinator = await signIn(a.origin, 'coordinator@kindred.demo');
    const revoked = await fetch(`${a.origin}/api/certificates/${encodeURIComponent(id)}/revoke`, {
      method: 'POST',
      headers: {
        cookie: coordinator,
        'x-csrf-token': /kindred_csrf=([^;]+)/.exec(coordinator)?.[1],
        'content-type': 'application/json',
      },
      body: JSON.stringify({ reason: 'Revoked by the scale-out benchmark', category: 'other' }),
    });
    const t0 = Date.now();
    let seen = await verdict(b.origin);
    while (seen !== 'revoked' && Date.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await verdict(b.origin);
    }
    const cacheOk = revoked.ok && seen === 'revoked';
    ctx.row({
      what: `revoked through A (${revoked.status}), B's cached answer says revoked`,
      figure: cacheOk ? `yes, after ${Date.now() - t0} ms` : `no (B says ${seen})`,
      baseline: '—',
      ratio: '—',
      target: 'yes, within 1 s',
      holds: cacheOk && Date.now() - t0 <= 1000,
    });

    // Jobs: both instances run the evening-reminder job every minute (@Cron at :00). A volunteer whose
    // evening starts now must get one reminder, not one per instance (the advisory lock lets one instance
    // sweep; the per-evening claim holds even when two sweep at once).
    const now = new Date();
    const hhmm = now.toISOString().slice(11, 16);
    const chose = await fetch(`${a.origin}/api/me/reminders`, {
      method: 'PUT',
      headers: {
        cookie,
        'x-csrf-token': decodeURIComponent(/kindred_csrf=([^;]+)/.exec(cookie)?.[1] ?? ''),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        time: hhmm,
        timeZone: 'UTC',
      }),
    });
    const db = new pg.Client({
      host: '127.0.0.1',
      port: Number(pid[3].trim()),
      user: 'kindred',
      password,
      database: 'kindred',
    });
    await db.connect();
    const reminders = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM outbox_messages WHERE kind = 'reminder.evening' AND to_address = $1`,
            ['sam@kindred.demo'],
          )
        ).rows[0].n,
      );
    let sent = 0;
    const j0 = Date.now();
    try {
      while (chose.ok && sent === 0 && Date.now() - j0 < 75_000) {
        await new Promise((r) => setTimeout(r, 1000));
        sent = await reminders();
      }
      // the other instance swept at the same tick, and each sweeps again a minute later
      if (sent) await new Promise((r) => setTimeout(r, 65_000));
      sent = await reminders();
    } finally {
      await db.end();
    }
    ctx.row({
      what: `jobs: a reminder due now, both instances running the job every minute (schedule saved: ${chose.status})`,
      figure: `${sent} reminder e-mail${sent === 1 ? '' : 's'} after two ticks`,
      baseline: '—',
      ratio: '—',
      target: 'exactly 1',
      holds: sent === 1,
    });
  } finally {
    await proxy?.close();
    await b?.close({ keepData: false });
    await a.close();
  }
}
