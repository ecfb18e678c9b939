// Shared pieces of the fault tests: the app (tests/bench/lib.mjs), a direct line to its embedded
// PostgreSQL (to count rows and find the postmaster), and signed-in API calls with the CSRF token.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { root, signIn } from '../bench/lib.mjs';

export { startApp, signIn, root } from '../bench/lib.mjs';

// The API's own PostgreSQL driver (the tests package does not need a second copy).
const pg = createRequire(join(root, 'api', 'package.json'))('pg');

/** This suite's ports (3925-3935 by default; FAULTS_PORT moves the range). */
export const PORT_BASE = Number(process.env.FAULTS_PORT ?? 3925);
const PORT_LAST = PORT_BASE + 10;

function canListen(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });
}

/** A free port of the range, starting at PORT_BASE + offset (another app on the machine may hold one). */
export async function portOf(offset = 0) {
  for (let i = 0; i <= PORT_LAST - PORT_BASE; i++) {
    const port = PORT_BASE + ((offset + i) % (PORT_LAST - PORT_BASE + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${PORT_BASE}-${PORT_LAST}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The embedded server's postmaster: pid and port, from `<dataDir>/pg/postmaster.pid` (undefined while it is down). */
export function postmaster(dataDir) {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A client on the app's database (the password the app keeps in its data directory). */
export async function connectDb(dataDir) {
  const pm = postmaster(dataDir);
  if (!pm) throw new Error(`no PostgreSQL is running for ${dataDir}`);
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  const client = new pg.Client({
    host: '127.0.0.1',
    port: pm.port,
    user: 'kindred',
    password,
    database: 'kindred',
  });
  await client.connect();
  return client;
}

/** Signs in and returns fetch helpers that send the session cookie and, on writes, the CSRF token. */
export async function session(origin, email) {
  const cookie = await signIn(origin, email);
  const csrf = /(?:^|; )kindred_csrf=([^;]+)/.exec(cookie)?.[1];
  if (!csrf) throw new Error(`no CSRF cookie after signing in as ${email}`);
  const call = async (method, path, body) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: {
        cookie,
        ...(method === 'GET'
          ? {}
          : { 'x-csrf-token': decodeURIComponent(csrf), 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    /** like post, but throws unless the answer is 2xx */
    async ok(method, path, body) {
      const res = await call(method, path, body);
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/** The audit chain, recomputed by the app itself (coordinator route). */
export async function auditChain(origin) {
  const coordinator = await session(origin, 'coordinator@kindred.demo');
  return coordinator.ok('GET', '/api/audit/verify');
}
