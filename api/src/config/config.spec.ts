import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
