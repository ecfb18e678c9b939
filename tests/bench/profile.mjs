#!/usr/bin/env node
// Where a module page's time goes, repeatable on a loaded machine (tests/bench/README.md, "Profiling method").
//
//   node tests/bench/profile.mjs            # ratios to bare node:http in the same run, transactions per request
//   PROFILE=1 node tests/bench/profile.mjs  # the module page only, with the app under `node --cpu-prof`; prints
//                                           # the top functions by self time; the .cpuprofile stays in /tmp/kindred-prof
//
// Needs the built app (`node scripts/start.mjs --build-only`). BENCH_SECONDS sets each load's length (default 5).
// Figures: req/s and p95 of the module page, of its two API calls alone, and of /api/health, each ÷ the bare
// node:http baseline measured in this run; and the database transactions per request (from
// pg_stat_database: every statement outside an explicit transaction is one, so this counts round trips).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, load, root, signIn, spawnServer, startApp, stop } from './lib.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const profileDir = '/tmp/kindred-prof';
const pg = createRequire(join(root, 'api', 'package.json'))('pg');

async function baseline() {
  const port = await freePort();
  const server = await spawnServer(
    join(import.meta.dirname, 'bare-server.mjs'),
    { PORT: String(port) },
    `http://127.0.0.1:${port}/`,
  );
  try {
    return await load(`http://127.0.0.1:${port}/`, { duration: seconds });
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
console.log(`bare node:http: ${base.rps.toFixed(0)} req/s, p95 ${base.p95} ms`);
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
    ['GET /api/modules/deesc-02 alone', `${app.origin}/api/modules/deesc-02?lang=en`],
    ['GET /api/health', `${app.origin}/api/health`],
  ];
  // Under the profiler only the module page is loaded, so the profile is that page's.
  for (const [what, url] of process.env.PROFILE ? routes.slice(0, 1) : routes) {
    const before = await transactions(db);
    const r = await load(url, { headers: { cookie }, duration: seconds });
    const after = await transactions(db);
    // The two reads of pg_stat_database are themselves transactions (1 each) and are not counted.
    const perRequest = (after - before - 2) / r.total;
    console.log(
      `${what}: ${r.rps.toFixed(0)} req/s, p95 ${r.p95} ms, ${r.errors} errors; ratio ${(r.rps / base.rps).toFixed(3)}; ${perRequest.toFixed(2)} database transactions per request`,
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
