// Drill steps through the API: 50 concurrent players, each choosing in its own attempt until an ending,
// then starting again. A step is one POST of a choice (the API locks the attempt, walks the graph, stores the path).
import { SECONDS } from '../lib.mjs';

export const name = 'Drills';
const PLAYERS = 50;
const VOLUNTEERS = [
  'jordan@kindred.demo',
  'priya@kindred.demo',
  'sam@kindred.demo',
  'aisha@kindred.demo',
  'tomas@kindred.demo',
];

async function login(origin, email) {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'kindred-demo-password' }),
  });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status}`);
  const body = await res.json();
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: body.csrfToken,
  };
}

/** Five more volunteers through the real invitation flow, so every player has its own volunteer and drill pair. */
async function moreVolunteers(origin, n) {
  const coord = await login(origin, 'coordinator@kindred.demo');
  const me = await (
    await fetch(`${origin}/api/auth/session`, { headers: { cookie: coord.cookie } })
  ).json();
  const organizationId = me.user.memberships.find((m) => m.role === 'coordinator').organizationId;
  const emails = [];
  for (let i = 0; i < n; i++) {
    const email = `bench.player.${Date.now().toString(36)}.${i}@example.org`;
    const res = await fetch(`${origin}/api/invites`, {
      method: 'POST',
      headers: {
        cookie: coord.cookie,
        'x-csrf-token': coord.csrf,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email, name: `Bench player ${i}`, role: 'volunteer', organizationId }),
    });
    const { link } = await res.json();
    const token = link.split('/invite/')[1];
    const ok = await fetch(`${origin}/api/invites/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'kindred-demo-password' }),
    });
    if (!ok.ok) throw new Error(`accepting the bench invitation: ${ok.status}`);
    emails.push(email);
  }
  return emails;
}

export async function run(ctx) {
  const app = await ctx.app();
  const people = [...VOLUNTEERS, ...(await moreVolunteers(app.origin, 5))];
  const sessions = await Promise.all(people.map((e) => login(app.origin, e)));
  const drills = await (
    await fetch(`${app.origin}/api/drills`, { headers: { cookie: sessions[0].cookie } })
  ).json();
  // 10 volunteers × 5 drills = 50 players, each with its own open attempt (one per volunteer and drill).
  const players = Array.from({ length: PLAYERS }, (_, i) => ({
    s: sessions[i % sessions.length],
    drill: drills[Math.floor(i / sessions.length) % drills.length].id,
  }));
  if (new Set(players.map((p) => p.s.cookie + p.drill)).size < PLAYERS)
    throw new Error('two players share an attempt');

  const latencies = [];
  let steps = 0;
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  const post = (p, path, body) =>
    fetch(`${app.origin}${path}`, {
      method: 'POST',
      headers: { cookie: p.s.cookie, 'x-csrf-token': p.s.csrf, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });

  await Promise.all(
    players.map(async (p) => {
      while (performance.now() < until) {
        const started = await post(p, `/api/drills/${p.drill}/attempts`);
        const attempt = await started.json();
        if (!attempt.node) continue;
        let finished = false;
        while (!finished && performance.now() < until) {
          const t0 = performance.now();
          const res = await post(p, `/api/drill-attempts/${attempt.attemptId}/choices`, {
            choice: 0,
          });
          const body = await res.json();
          latencies.push(performance.now() - t0);
          if (!res.ok) {
            errors++;
            break;
          }
          steps++;
          finished = body.finished;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? NaN;
  const rps = steps / SECONDS;
  ctx.row({
    what: `drill steps (POST a choice), ${PLAYERS} concurrent players`,
    figure: `${rps.toFixed(0)} steps/s, p95 ${p95.toFixed(1)} ms, ${errors} errors`,
    baseline: `${ctx.baseline.http.rps.toFixed(0)} req/s`,
    ratio: (rps / ctx.baseline.http.rps).toFixed(3),
    target: 'p95 ≤ 30 ms',
    holds: p95 <= 30,
  });
}
