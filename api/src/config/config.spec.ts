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
  ])('refuses %p with a message naming the variable', (env, name) => {
    expect(() => loadConfig({ KINDRED_DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ KINDRED_DATA_DIR: dataDir(), ...env })).toThrow(name);
  });

  it('reads KINDRED_SEED=false and an external database', () => {
    const config = loadConfig({ KINDRED_DATA_DIR: dataDir(), KINDRED_SEED: 'false', DATABASE_URL: 'postgres://u:p@db:5432/kindred' });
    expect(config.seed).toBe(false);
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/kindred');
  });
});
