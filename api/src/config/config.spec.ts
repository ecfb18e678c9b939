import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'kindred-config-'));

describe('loadConfig', () => {
  it('starts from sensible defaults and generates a session secret in the data directory', () => {
    const dir = dataDir();
    const config = loadConfig({ KINDRED_DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, seed: true, databaseUrl: undefined, dataDir: dir });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ KINDRED_DATA_DIR: dir }).sessionSecret).toBe(config.sessionSecret);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ KINDRED_SEED: 'maybe' }, /KINDRED_SEED/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL/],
    [{ DATABASE_URL: 'postgres://db/kindred', NODE_ENV: 'production' }, /SESSION_SECRET/],
    [{ KINDRED_KEK: 'dG9vIHNob3J0' }, /KINDRED_KEK/],
    [{ KINDRED_SIGNING_THREADS: 'many' }, /KINDRED_SIGNING_THREADS/],
    [{ KINDRED_SIGNING_THREADS: '64' }, /KINDRED_SIGNING_THREADS/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT/],
    [{ KINDRED_KEK: 'not base64 at all!' }, /KINDRED_KEK/],
    [{ LOGIN_RATE_LIMIT: 'abc' }, /LOGIN_RATE_LIMIT/],
    [{ LOGIN_RATE_LIMIT: '0' }, /LOGIN_RATE_LIMIT/],
    [{ LOGIN_RATE_LIMIT: '-5' }, /LOGIN_RATE_LIMIT/],
    [{ VERIFY_RATE_LIMIT: 'abc' }, /VERIFY_RATE_LIMIT/],
    [{ VERIFY_RATE_LIMIT: '0' }, /VERIFY_RATE_LIMIT/],
    [{ ACCOUNT_LOGIN_LIMIT: '1.5' }, /ACCOUNT_LOGIN_LIMIT/],
    [{ DATABASE_POOL_SIZE: 'lots' }, /DATABASE_POOL_SIZE/],
    [{ DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '99' }, /TRUST_PROXY/],
    [{ KINDRED_DB_LOG: 'loud' }, /KINDRED_DB_LOG/],
    [{ PUBLIC_URL: 'https://kindred.example/app?x=1' }, /PUBLIC_URL/],
    [
      {
        DATABASE_URL: 'postgres://db/kindred',
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
      },
      /KINDRED_KEK/,
    ],
  ])('refuses %p with a message naming the variable', (env, name) => {
    expect(() => loadConfig({ KINDRED_DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ KINDRED_DATA_DIR: dataDir(), ...env })).toThrow(name);
  });

  it('reads KINDRED_KEK, or keeps a generated one in the data directory across restarts', () => {
    const kek = Buffer.alloc(32, 7);
    expect(
      loadConfig({ KINDRED_DATA_DIR: dataDir(), KINDRED_KEK: kek.toString('base64') }).kek.equals(
        kek,
      ),
    ).toBe(true);
    const dir = dataDir();
    const generated = loadConfig({ KINDRED_DATA_DIR: dir }).kek;
    expect(generated).toHaveLength(32);
    expect(loadConfig({ KINDRED_DATA_DIR: dir }).kek.equals(generated)).toBe(true);
  });

  it('reads KINDRED_SEED=false and an external database', () => {
    const config = loadConfig({
      KINDRED_DATA_DIR: dataDir(),
      KINDRED_SEED: 'false',
      DATABASE_URL: 'postgres://u:p@db:5432/kindred',
    });
    expect(config.seed).toBe(false);
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/kindred');
  });

  it('loads the demo seed by default, but not on a production database unless KINDRED_SEED=true', () => {
    expect(loadConfig({ KINDRED_DATA_DIR: dataDir() }).seed).toBe(true);
    const production = {
      KINDRED_DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/kindred',
      SESSION_SECRET: 'x'.repeat(40),
      KINDRED_KEK: Buffer.alloc(32, 1).toString('base64'),
    };
    expect(loadConfig(production).seed).toBe(false);
    expect(loadConfig({ ...production, KINDRED_SEED: 'true' }).seed).toBe(true);
  });

  it('reads the limits, the pool size and the trusted proxy; trusts no proxy by default', () => {
    const defaults = loadConfig({ KINDRED_DATA_DIR: dataDir() });
    expect(defaults).toMatchObject({
      loginRateLimit: 10,
      verifyRateLimit: 120,
      databasePoolSize: 10,
      trustProxy: false,
      publicOrigin: 'http://localhost:3000',
    });
    const set = loadConfig({
      KINDRED_DATA_DIR: dataDir(),
      LOGIN_RATE_LIMIT: '3',
      VERIFY_RATE_LIMIT: '50',
      DATABASE_POOL_SIZE: '25',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
      PUBLIC_URL: 'https://kindred.example.org/',
    });
    expect(set).toMatchObject({
      loginRateLimit: 3,
      verifyRateLimit: 50,
      databasePoolSize: 25,
      trustProxy: '10.0.0.0/8,192.168.1.1',
      publicOrigin: 'https://kindred.example.org',
    });
    expect(loadConfig({ KINDRED_DATA_DIR: dataDir(), TRUST_PROXY: 'loopback' }).trustProxy).toBe(
      'loopback',
    );
    expect(loadConfig({ KINDRED_DATA_DIR: dataDir(), TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('is the only place that reads the environment: no process.env elsewhere in the API', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && !/\.spec\.ts$/.test(name)) {
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              // Reading a variable: process.env.X / process.env['X'] not followed by an assignment.
              const reads = /process\.env(\.[A-Z_]+(?![A-Z_])|\[)(?!\s*(\?\?)?=[^=])/.test(line);
              if (reads && !path.endsWith(join('config', 'config.ts')))
                offenders.push(`${path.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });

  it('signs in worker threads by default, and on the main thread with KINDRED_SIGNING_THREADS=0', () => {
    expect(loadConfig({ KINDRED_DATA_DIR: dataDir() }).signingThreads).toBeGreaterThanOrEqual(1);
    expect(
      loadConfig({ KINDRED_DATA_DIR: dataDir(), KINDRED_SIGNING_THREADS: '0' }).signingThreads,
    ).toBe(0);
  });

  it('logs JSON in production and text otherwise, unless LOG_FORMAT says', () => {
    const dir = dataDir();
    expect(loadConfig({ KINDRED_DATA_DIR: dir }).logFormat).toBe('text');
    expect(loadConfig({ KINDRED_DATA_DIR: dir, NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ KINDRED_DATA_DIR: dir, LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('withholds figures from fewer than 5 people by default; KINDRED_SUPPRESS_BELOW is 3 to 100', () => {
    const dir = dataDir();
    expect(loadConfig({ KINDRED_DATA_DIR: dir }).suppressBelow).toBe(5);
    expect(loadConfig({ KINDRED_DATA_DIR: dir, KINDRED_SUPPRESS_BELOW: '10' }).suppressBelow).toBe(
      10,
    );
    for (const bad of ['2', '101', '4.5', 'five'])
      expect(() => loadConfig({ KINDRED_DATA_DIR: dir, KINDRED_SUPPRESS_BELOW: bad })).toThrow(
        /KINDRED_SUPPRESS_BELOW must be a whole number from 3 to 100/,
      );
  });

  it('compresses text answers unless COMPRESSION=false (a proxy in front compresses)', () => {
    const dir = dataDir();
    expect(loadConfig({ KINDRED_DATA_DIR: dir }).compression).toBe(true);
    expect(loadConfig({ KINDRED_DATA_DIR: dir, COMPRESSION: 'false' }).compression).toBe(false);
    expect(() => loadConfig({ KINDRED_DATA_DIR: dir, COMPRESSION: 'gzip' })).toThrow(/COMPRESSION/);
  });

  it('fetches did:web DID documents unless DID_WEB_FETCH=false', () => {
    const dir = dataDir();
    expect(loadConfig({ KINDRED_DATA_DIR: dir }).didWebFetch).toBe(true);
    expect(loadConfig({ KINDRED_DATA_DIR: dir, DID_WEB_FETCH: 'false' }).didWebFetch).toBe(false);
    expect(() => loadConfig({ KINDRED_DATA_DIR: dir, DID_WEB_FETCH: 'never' })).toThrow(
      /DID_WEB_FETCH must be true or false/,
    );
  });
});
