#!/usr/bin/env node
// Where a module page's time goes, repeatable on a loaded machine (tests/bench/README.md, "Profiling method").
//
//   node tests/bench/profile.mjs            # ratios to bare node:http in the same run, transactions per request
//   PROFILE=1 node tests/bench/profile.mjs  # the module page only, with the app under `node --cpu-prof`; prints
//                                           # the top functions by self time; the .cpuprofile stays in /tmp/kindred-prof
//
// Needs the built app (`node scripts/start.mjs --build-only`). PROFILE_REQUESTS sets how many requests each
// route gets (default 1000, 10 connections). Figures, for the module page, the API calls it makes, alone, and
// /api/health:
// - CPU milliseconds per request of the app's process (/proc/<pid>/stat, user + system), beside the bare
//   node:http server's for the same number of requests. Their quotient is what the throughput ratio would be
//   with the CPU to itself, and it moves far less than req/s when six others share the machine;
// - req/s ÷ the bare server's req/s in this run (the figure `pnpm bench` reports; noisy under load);
// - database transactions per request (pg_stat_database: every statement outside an explicit transaction is
//   one, so this counts round trips to PostgreSQL).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, root, signIn, spawnServer, startApp, stop } from './lib.mjs';

const requests = Number(process.env.PROFILE_REQUESTS ?? 1000);
const profileDir = '/tmp/kindred-prof';
const pg = createRequire(join(root, 'api', 'package.json'))('pg');

/** CPU time (user + system) a process has used so far, in milliseconds. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
}

/** `requests` requests on 10 connections: req/s, p95, errors, and the server's CPU ms per request. */
async function measure(pid, url, headers = {}) {
  const cpu0 = cpuMs(pid);
  const r = await autocannon({ url, connections: 10, amount: requests, headers });
  return {
    rps: r.requests.average,
    p95: r.latency.p95 ?? r.latency.p97_5,
    errors: r.errors + r.non2xx,
    total: r.requests.total,
    cpu: (cpuMs(pid) - cpu0) / requests,
  };
}

async function baseline() {
  const port = await freePort();
  const server = await spawnServer(
    join(import.meta.dirname, 'bare-server.mjs'),
    { PORT: String(port) },
    `http://127.0.0.1:${port}/`,
  );
  try {
    return await measure(server.pid, `http://127.0.0.1:${port}/`);
  } finally {
    await stop(server);
  }
}

/** The app's embedded PostgreSQL, read from its data directory (port in postmaster.pid, the password file). */
async function database(dataDir) {
  const port = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    .trim();
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'kindred',
    password,
    database: 'kindred',
  });
  await client.connect();
  return client;
}

const transactions = async (db) => {
  // Statistics reach pg_stat_database when a backend goes idle (at most a second later); then read them fresh.
  await new Promise((r) => setTimeout(r, 1500));
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query(
    `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = 'kindred'`,
  );
  return Number(rows[0].n);
};

/**
 * Where the time of a .cpuprofile went once the app served its first page (startup left out): the functions
 * with the most self time, and the packages with the most inclusive time (a package counted once per sample).
 */
function summarize(file, n = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const where = (url) =>
    /node_modules\/(?:\.pnpm\/)?((?:@[^/+]+[+/])?[^/@]+)/.exec(url)?.[1] ??
    (url.startsWith('node:')
      ? url.split('/').slice(0, 2).join('/')
      : url.replace(`file://${root}/`, '').split('/').slice(0, 2).join('/'));
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let serving = false;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(profile.samples[i]);
    const stack = [];
    for (let id = leaf.id; id !== undefined; id = parent.get(id))
      stack.push(byId.get(id).callFrame);
    serving ||= stack.some((f) => f.url.includes('web/build/'));
    if (!serving || leaf.callFrame.functionName === '(idle)') continue;
    total += dt;
    const { functionName, url, lineNumber } = leaf.callFrame;
    const key = `${functionName || '(anonymous)'} ${where(url) || ''}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    for (const p of new Set(stack.map((f) => where(f.url)).filter(Boolean)))
      inclusive.set(p, (inclusive.get(p) ?? 0) + dt);
  }
  const top = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  return { ms: total / 1000, self: top(self), inclusive: top(inclusive) };
}

const base = await baseline();
console.log(
  `bare node:http: ${base.rps.toFixed(0)} req/s, p95 ${base.p95} ms, ${base.cpu.toFixed(3)} CPU ms per request`,
);
if (process.env.PROFILE) {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
}
const app = await startApp({
  nodeArgs: process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
});
let db;
try {
  db = await database(app.dataDir);
  const cookie = await signIn(app.origin, 'sam@kindred.demo');
  const csrf = /kindred_csrf=([^;]+)/.exec(cookie)?.[1];
  await fetch(`${app.origin}/api/courses/crisis-de-escalation/enrollment`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf },
  });
  const page = `${app.origin}/learn/modules/deesc-02?ready`;
  const res = await fetch(page, { headers: { cookie, 'accept-encoding': 'gzip' } });
  const html = await res.text();
  if (!res.ok || !html.includes('Safety first')) throw new Error(`module page: ${res.status}`);
  console.log(
    `module page: ${html.length} bytes, content-encoding ${res.headers.get('content-encoding') ?? 'none'}`,
  );
  const routes = [
    ['module page /learn/modules/deesc-02', page],
    ['GET /api/auth/session alone', `${app.origin}/api/auth/session`],
    ['GET /api/me/notifications/unread alone', `${app.origin}/api/me/notifications/unread`],
    ['GET /api/modules/deesc-02/feedback alone', `${app.origin}/api/modules/deesc-02/feedback`],
    ['GET /api/modules/deesc-02 alone', `${app.origin}/api/modules/deesc-02?lang=en`],
    ['GET /api/health', `${app.origin}/api/health`],
  ];
  // Under the profiler only the module page is loaded, so the profile is that page's.
  for (const [what, url] of process.env.PROFILE ? routes.slice(0, 1) : routes) {
    const before = await transactions(db);
    const r = await measure(app.pid, url, { cookie });
    const after = await transactions(db);
    // The two reads of pg_stat_database are themselves transactions (1 each) and are not counted.
    const perRequest = (after - before - 2) / r.total;
    console.log(
      `${what}: ${r.cpu.toFixed(2)} CPU ms per request (bare ÷ this: ${(base.cpu / r.cpu).toFixed(3)}); ` +
        `${r.rps.toFixed(0)} req/s (÷ bare: ${(r.rps / base.rps).toFixed(3)}), p95 ${r.p95} ms, ${r.errors} errors; ` +
        `${perRequest.toFixed(2)} database transactions per request`,
    );
  }
} finally {
  await db?.end();
  await app.close();
}
if (process.env.PROFILE) {
  // The largest profile is the main thread's (the signing threads idle through a module-page load).
  const [main] = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(profileDir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const { ms, self, inclusive } = summarize(main);
  console.log(`\n${main}: ${ms.toFixed(0)} ms on the CPU while serving\nself time, top functions:`);
  for (const l of self) console.log(l);
  console.log('inclusive time by package or folder:');
  for (const l of inclusive) console.log(l);
}
