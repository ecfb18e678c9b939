import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { buildApp } from '../../src/bootstrap.js';
import type { AppOptions } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/config.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { DEMO_PASSWORD, seed } from '../../src/seed/seed.js';
import { Clock } from '../../src/common/clock.js';
import { loadCatalog } from '../../src/courses/course-content.js';
import { syncCatalog } from '../../src/courses/catalog.sync.js';

/** A clock the tests move by hand. */
export class TestClock extends Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestApp {
  app: NestExpressApplication;
  db: DataSource;
  clock: TestClock;
  http: () => ReturnType<typeof request>;
  /** Account mail (password reset, sign-in notices) written to the server log, as without SMTP_URL. */
  accountMail: AccountMailLine[];
  /** A signed-in agent (cookies kept) with the CSRF token to send on writes. */
  signIn(email: string, password?: string): Promise<Agent>;
  close(): Promise<void>;
}

export interface Agent {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  user: { id: string; memberships: { organizationId: string; role: string }[] };
}

export interface AccountMailLine {
  to: string;
  /** the first line of the log entry */
  line: string;
  /** the whole entry, the mail's text included */
  text: string;
  link: string | undefined;
}

/** Collects the account mail the app writes to its log (Logger.warn with an "ACCOUNT MAIL" entry). */
function captureAccountMail(): { lines: AccountMailLine[]; restore: () => void } {
  const lines: AccountMailLine[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the prototype by restore()
  const original = Logger.prototype.warn;
  Logger.prototype.warn = function (this: Logger, message: unknown, ...rest: unknown[]) {
    const text = String(message);
    const m = /^ACCOUNT MAIL to (\S+)/.exec(text);
    if (m)
      lines.push({
        to: m[1],
        line: text.split('\n')[0],
        text,
        link: /https?:\/\/\S+/.exec(text)?.[0],
      });
    return original.call(this, message, ...(rest as []));
  };
  return { lines, restore: () => void (Logger.prototype.warn = original) };
}

/** The latest account mail (reset link) logged for an address. */
export function lastAccountMail(t: TestApp, to: string): AccountMailLine | undefined {
  return t.accountMail.filter((m) => m.to === to).pop();
}

/**
 * An address of 10.0.0.0/8 for this test app, drawn at random: Jest gives each test file fresh modules
 * (a counter would start again at every file, and --runInBand keeps one process id), so three random
 * bytes keep one file's sign-ins off another's count.
 */
function clientAddress(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

export async function createTestApp(
  env: Record<string, string | undefined> = {},
  /** e.g. the https.Agent that trusts a test's local push service */
  options: Pick<AppOptions, 'pushAgent'> = {},
): Promise<TestApp> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: run through the integration project (global setup)',
    );
  const config = loadConfig({
    PORT: '3999',
    SESSION_SECRET: 'test-secret-test-secret-test-secret!',
    KINDRED_DATA_DIR: process.env.TEST_DATA_DIR,
    // The tests stand in for a proxy on the loopback (X-Forwarded-For picks each test's own address).
    TRUST_PROXY: 'loopback',
    ...env,
  });
  const mail = captureAccountMail();
  const db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  await seed(db);
  await syncCatalog(db, loadCatalog());
  const clock = new TestClock();
  const app = await buildApp(config, url, { schedule: false, clock, logger: false, ...options });
  await app.init();
  const server = app.getHttpServer();
  // Sign-in counts live in PostgreSQL, shared by every test file of the run (one database): each test
  // app signs in from its own client address, so other files' sign-ins never spend this one's limit.
  const address = clientAddress();
  return {
    app,
    db,
    clock,
    accountMail: mail.lines,
    http: () => request(server),
    async signIn(email, password = DEMO_PASSWORD) {
      const agent = request.agent(server);
      const res = await agent
        .post('/api/auth/login')
        .set('x-forwarded-for', address)
        .send({ email, password });
      if (res.status !== 200)
        throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { agent, csrf: res.body.csrfToken, user: res.body.user };
    },
    async close() {
      mail.restore();
      await app.close();
      await db.destroy();
    },
  };
}

/** The latest stored mail to an address, and the first link in it. */
export async function lastMail(
  db: DataSource,
  to: string,
): Promise<{ subject: string; text: string; link: string | undefined } | undefined> {
  const [row] = await db.query(
    `SELECT subject, text FROM outbox_messages WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`,
    [to],
  );
  if (!row) return undefined;
  return { ...row, link: /https?:\/\/\S+/.exec(row.text)?.[0] };
}

export const uniqueEmail = (prefix: string) =>
  `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
