// Shared pieces of the benchmarks: load generation, timing, starting the app, the report table.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** autocannon from this process against a server in another: req/s and latency percentiles. */
export async function load(
  url,
  { connections = 50, duration = SECONDS, headers, method = 'GET', body } = {},
) {
  const result = await autocannon({ url, connections, duration, headers, method, body });
  return {
    rps: result.requests.average,
    p95: result.latency.p95 ?? result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

/** Runs `fn` repeatedly for about `ms` and returns operations per second. */
export async function rate(fn, { ms = 4000, min = 20 } = {}) {
  let n = 0;
  const t0 = performance.now();
  while (n < min || performance.now() - t0 < ms) {
    await fn(n);
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

export async function spawnServer(script, env, healthUrl, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(healthUrl)).ok) return child;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not become healthy`);
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/**
 * The app as `pnpm start` runs it, on a fresh embedded database with the demo seed. The fault tests pass
 * `port`, extra `env`, and a `dataDir` to restart on (the profiler passes `nodeArgs`, e.g. `--cpu-prof`); `kill()` is a SIGKILL (nothing cleaned up) and
 * `close({ keepData: true })` stops the app but keeps its data directory.
 */
export async function startApp({ port, dataDir, env = {}, nodeArgs = [] } = {}) {
  const ownDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'kindred-bench-'));
  chmodSync(dataDir, 0o755);
  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = await spawnServer(
    join(root, 'api', 'dist', 'main.js'),
    {
      PORT: String(port),
      KINDRED_DATA_DIR: dataDir,
      LOGIN_RATE_LIMIT: '100000',
      VERIFY_RATE_LIMIT: '1000000',
      ...env,
    },
    `${origin}/api/health`,
    nodeArgs,
  );
  return {
    origin,
    dataDir,
    pid: child.pid,
    kill() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGKILL');
      });
    },
    async close({ keepData = !ownDir } = {}) {
      await stop(child);
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API and returns the Cookie header for later requests. */
export async function signIn(origin, email, password = 'kindred-demo-password') {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Resident set size of one process in bytes, from /proc (0 once it has gone). */
export function rssOf(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Proportional set size in bytes (shared pages divided among the processes sharing them), 0 if gone. */
export function pssOf(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The embedded PostgreSQL's processes: the postmaster (first line of `<dataDir>/pg/postmaster.pid`) and its
 * children (backends, checkpointer, walwriter, …), read afresh each time since backends come and go.
 */
export function postgresPids(dataDir) {
  let postmaster;
  try {
    postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command name (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // the process ended while we read
    }
  }
  return pids;
}

/**
 * Samples the app's RSS and the embedded PostgreSQL's every `everyMs` until `stop()`, which returns the peaks
 * in bytes. For PostgreSQL both the sum of its processes' RSS (what `top` would add up: the shared buffers are
 * counted once in every process that touched them, so it overstates) and the sum of their PSS (shared pages
 * split among the sharers: what the server really holds).
 */
export function sampleMemory(app, { everyMs = 200 } = {}) {
  let appPeak = rssOf(app.pid);
  let pgPeak = 0;
  let pgPssPeak = 0;
  const sample = () => {
    appPeak = Math.max(appPeak, rssOf(app.pid));
    const pids = postgresPids(app.dataDir);
    pgPeak = Math.max(
      pgPeak,
      pids.reduce((sum, pid) => sum + rssOf(pid), 0),
    );
    pgPssPeak = Math.max(
      pgPssPeak,
      pids.reduce((sum, pid) => sum + pssOf(pid), 0),
    );
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { appPeak, pgPeak, pgPssPeak };
    },
  };
}

export const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);
