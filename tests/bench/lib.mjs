// Shared pieces of the benchmarks: load generation, timing, starting the app, the report table.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
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
