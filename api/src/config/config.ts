import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import webpush from 'web-push';
import { contentDir } from '../content/content-dir.js';

/**
 * Every environment variable the API reads (here, and KINDRED_COURSES_DIR through contentDir). README.md's
 * Configuration table and .env.example document each one; config-docs.spec.ts keeps the three in step.
 */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'SECURE_COOKIES',
  'TRUST_PROXY',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'KINDRED_DATA_DIR',
  'KINDRED_DB_LOG',
  'SESSION_SECRET',
  'KINDRED_KEK',
  'NODE_ENV',
  'KINDRED_COURSES_DIR',
  'KINDRED_WEB_BUILD',
  'KINDRED_SEED',
  'SMTP_URL',
  'MAIL_FROM',
  'LOGIN_RATE_LIMIT',
  'ACCOUNT_LOGIN_LIMIT',
  'VERIFY_RATE_LIMIT',
  'KINDRED_SIGNING_THREADS',
  'KINDRED_SUPPRESS_BELOW',
  'COMPRESSION',
  'DID_WEB_FETCH',
  'LOG_FORMAT',
  'VAPID_PUBLIC_KEY',
  'VAPID_PRIVATE_KEY',
  'VAPID_SUBJECT',
] as const;

/** Thrown at boot when a variable is wrong; the message names the variable. */
export class ConfigError extends Error {}

export interface AppConfig {
  port: number;
  host: string;
  /** An external PostgreSQL; when absent the embedded server under dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  sessionSecret: string;
  smtpUrl?: string;
  mailFrom: string;
  seed: boolean;
  /** PUBLIC_URL as set (e.g. https://kindred.example.org); the web app then answers for this origin only. */
  publicUrl?: string;
  /**
   * The one origin every link (e-mails, certificate and status-list URLs, calendar files) is built from:
   * PUBLIC_URL, or for the embedded default the address `pnpm start` prints. A request's Host never changes it.
   */
  publicOrigin: string;
  /** Express's `trust proxy`: whose X-Forwarded-For / -Proto to believe (TRUST_PROXY; false: nobody's). */
  trustProxy: boolean | number | string;
  /** Sign-in (and reset request) attempts per minute per address and e-mail. */
  loginRateLimit: number;
  /** Failed sign-ins per account per 15 minutes from all addresses together before a back-off (slow-down). */
  accountLoginLimit: number;
  /** Public verifications per minute per address. */
  verifyRateLimit: number;
  /** Connections in each database pool. */
  databasePoolSize: number;
  /** Course content to load and sync at start (KINDRED_COURSES_DIR). */
  coursesDir: string;
  /** The built SvelteKit handler to mount (KINDRED_WEB_BUILD; default web/build/handler.js of this repository). */
  webBuild?: string;
  /** Print the embedded PostgreSQL's own log lines (KINDRED_DB_LOG). */
  databaseLog: boolean;

  production: boolean;
  /** Secure cookies: on behind HTTPS. */
  secureCookies: boolean;
  /** Compress text answers in the app (COMPRESSION, on by default; off when a proxy in front compresses). */
  compression: boolean;
  /**
   * Fetch a did:web issuer's or holder's DID document to check its signature (DID_WEB_FETCH, on by default).
   * Off: nothing is fetched and such credentials and presentations are "not checked", the reason naming it.
   */
  didWebFetch: boolean;
  /** Key-encryption key (32 bytes) sealing the organizations' private signing keys at rest. */
  kek: Buffer;
  /** Worker threads that sign, endorse and render certificates (0: on the main thread). */
  signingThreads: number;
  /** `json`: one JSON object per log line and a line per request (production default); `text`: for people. */
  logFormat: 'json' | 'text';
  /**
   * Public and coordinators' figures: a count drawn from fewer people than this is withheld
   * (KINDRED_SUPPRESS_BELOW, 3–100, default 5): the network map and the wellbeing aggregates.
   */
  suppressBelow: number;
  /**
   * Web Push's VAPID key pair (base64url, P-256) and the contact the push services see (`mailto:` or
   * `https:`): every instance must sign with the same pair, since a browser's subscription is bound to it.
   */
  vapid: { publicKey: string; privateKey: string; subject: string } | null;
}

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw;
}

function wholeNumber(env: Env, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * TRUST_PROXY: unset or `false` trusts no proxy (X-Forwarded-* are ignored); `loopback`, a number of hops,
 * or a comma-separated list of addresses/subnets (Express's `trust proxy` syntax).
 */
function trustProxy(env: Env): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || /^(false|none|no|off|0)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw))
    throw new ConfigError(
      'TRUST_PROXY=true would believe X-Forwarded-For from anyone; name the proxy instead (loopback, a hop count, or addresses)',
    );
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10)
      throw new ConfigError(`TRUST_PROXY must be a hop count from 1 to 10, got "${raw}"`);
    return hops;
  }
  const named = /^(loopback|linklocal|uniquelocal)$/;
  const address = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !named.test(p) && !address.test(p)))
    throw new ConfigError(
      `TRUST_PROXY must be loopback, linklocal, uniquelocal, a hop count, or IP addresses/subnets separated by commas, got "${raw}"`,
    );
  return parts.join(',');
}

/** A secret kept in the data directory so the embedded default needs no set-up and survives restarts. */
function localSecret(dataDir: string, file: string): string {
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return secret;
}

/** KINDRED_KEK (base64 of 32 bytes), or one generated into the data dir for the embedded default. */
function keyEncryptionKey(env: Env, dataDir: string, external: boolean): Buffer {
  const raw = env.KINDRED_KEK;
  if (raw) {
    const kek = /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw.trim())
      ? Buffer.from(raw.trim(), 'base64')
      : Buffer.alloc(0);
    if (kek.length !== 32)
      throw new ConfigError(
        'KINDRED_KEK must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)',
      );
    return kek;
  }
  if (external)
    throw new ConfigError(
      'KINDRED_KEK is required with DATABASE_URL in production (every instance must share it)',
    );
  const kek = Buffer.from(localSecret(dataDir, 'kek'), 'base64url');
  if (kek.length !== 32)
    throw new ConfigError(
      `KINDRED_KEK: the generated key in ${join(dataDir, 'kek')} is not 32 bytes; restore it from a backup`,
    );
  return kek;
}

/**
 * VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (both or neither), or a pair generated once into the data dir for
 * the embedded default (kept, because changing it silently ends every browser's push subscription). Null
 * (push off) with DATABASE_URL in production and no pair given.
 */
function vapidKeys(
  env: Env,
  dataDir: string,
  external: boolean,
  fallbackSubject: string,
): AppConfig['vapid'] {
  // VAPID_SUBJECT is checked even when push stays off, so a typo is found at the first start.
  const subject = env.VAPID_SUBJECT || fallbackSubject;
  if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/.test(subject))
    throw new ConfigError(
      `VAPID_SUBJECT must be a mailto: address or an https:// URL, got "${subject}"`,
    );
  const publicKey = env.VAPID_PUBLIC_KEY?.trim();
  const privateKey = env.VAPID_PRIVATE_KEY?.trim();
  if (publicKey || privateKey) {
    if (!publicKey || !privateKey)
      throw new ConfigError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together');
    const b64 = /^[A-Za-z0-9_-]+$/;
    if (!b64.test(publicKey) || Buffer.from(publicKey, 'base64url').length !== 65)
      throw new ConfigError(
        'VAPID_PUBLIC_KEY must be a P-256 public key in base64url (`npx web-push generate-vapid-keys`)',
      );
    if (!b64.test(privateKey) || Buffer.from(privateKey, 'base64url').length !== 32)
      throw new ConfigError(
        'VAPID_PRIVATE_KEY must be a P-256 private key in base64url (`npx web-push generate-vapid-keys`)',
      );
    return { publicKey, privateKey, subject };
  }
  // Several instances on one database would each generate a pair of their own: there, push stays off
  // (reminders come by e-mail) until the pair is given to all of them.
  if (external) return null;
  const path = join(dataDir, 'vapid.json');
  if (existsSync(path)) {
    const kept = JSON.parse(readFileSync(path, 'utf8')) as {
      publicKey: string;
      privateKey: string;
    };
    return { publicKey: kept.publicKey, privateKey: kept.privateKey, subject };
  }
  mkdirSync(dataDir, { recursive: true });
  const pair = webpush.generateVAPIDKeys();
  writeFileSync(path, JSON.stringify(pair) + '\n', { mode: 0o600 });
  return { ...pair, subject };
}

/** Reads and validates the environment once; a wrong value stops the start with the variable's name. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const portRaw = env.PORT ?? '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 1 to 65535, got "${portRaw}"`);
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const dataDir = resolve(cwd, env.KINDRED_DATA_DIR || '.data');
  const production = env.NODE_ENV === 'production';
  let sessionSecret = env.SESSION_SECRET;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  }
  if (!sessionSecret) {
    if (databaseUrl && production) {
      throw new ConfigError(
        'SESSION_SECRET is required with DATABASE_URL in production (every instance must share it)',
      );
    }
    sessionSecret = localSecret(dataDir, 'session-secret');
  }
  const mailFrom = env.MAIL_FROM || 'Kindred <no-reply@kindred.local>';
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM must contain an e-mail address');
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:'])?.replace(/\/$/, '');
  if (publicUrl) {
    const u = new URL(publicUrl);
    if (u.pathname !== '/' || u.search || u.hash || u.username || u.password)
      throw new ConfigError(
        `PUBLIC_URL must be an origin only (scheme, host, optional port), like https://kindred.example.org; got "${publicUrl}"`,
      );
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir,
    sessionSecret,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    // The demo people share a published password: never loaded into a production database unless asked for.
    seed: bool(env, 'KINDRED_SEED', !(production && databaseUrl)),
    publicUrl,
    publicOrigin: publicUrl ? new URL(publicUrl).origin : `http://localhost:${port}`,
    trustProxy: trustProxy(env),
    loginRateLimit: wholeNumber(env, 'LOGIN_RATE_LIMIT', 1, 100_000, 10),
    accountLoginLimit: wholeNumber(env, 'ACCOUNT_LOGIN_LIMIT', 1, 100_000, 30),
    verifyRateLimit: wholeNumber(env, 'VERIFY_RATE_LIMIT', 1, 1_000_000, 120),
    databasePoolSize: wholeNumber(env, 'DATABASE_POOL_SIZE', 1, 1000, 10),
    coursesDir: contentDir(env),
    webBuild: env.KINDRED_WEB_BUILD ? resolve(cwd, env.KINDRED_WEB_BUILD) : undefined,
    databaseLog: bool(env, 'KINDRED_DB_LOG', false),
    production,
    secureCookies: bool(env, 'SECURE_COOKIES', publicUrl?.startsWith('https:') ?? false),
    compression: bool(env, 'COMPRESSION', true),
    didWebFetch: bool(env, 'DID_WEB_FETCH', true),
    kek: keyEncryptionKey(env, dataDir, Boolean(databaseUrl && production)),
    signingThreads: wholeNumber(
      env,
      'KINDRED_SIGNING_THREADS',
      0,
      16,
      Math.min(4, availableParallelism()),
    ),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'text'], production ? 'json' : 'text'),
    suppressBelow: wholeNumber(env, 'KINDRED_SUPPRESS_BELOW', 3, 100, 5),
    vapid: vapidKeys(
      env,
      dataDir,
      Boolean(databaseUrl && production),
      `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()}`,
    ),
  };
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}
