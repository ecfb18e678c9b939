import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES, loadConfig } from './config.js';

/**
 * Every environment variable the API reads is documented: in README.md's Configuration table and in
 * .env.example. The names come from config.ts's exported list, which is checked against what config.ts
 * (and content-dir.ts) actually read, in the source and at run time.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const listed = new Set<string>(CONFIG_VARIABLES);

/** Names read in a source file: env.NAME, env['NAME'], or a helper called as (env, 'NAME', …). */
function namesReadIn(path: string): Set<string> {
  const source = readFileSync(path, 'utf8');
  const names = new Set<string>();
  for (const re of [
    /\benv\.([A-Z][A-Z0-9_]*)/g,
    /\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g,
    /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
  ])
    for (const m of source.matchAll(re)) names.add(m[1]);
  return names;
}

describe('configuration documentation', () => {
  it('the exported list is exactly what config.ts and content-dir.ts read', () => {
    const read = new Set([
      ...namesReadIn(join(here, 'config.ts')),
      ...namesReadIn(join(here, '..', 'content', 'content-dir.ts')),
    ]);
    expect([...read].sort()).toEqual([...listed].sort());
  });

  it('loadConfig reads no variable outside the list', () => {
    const touched = new Set<string>();
    const env = new Proxy<Record<string, string | undefined>>(
      { KINDRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'kindred-config-docs-')) },
      {
        get(target, key) {
          if (typeof key === 'string') touched.add(key);
          return target[key as string];
        },
      },
    );
    loadConfig(env);
    expect([...touched].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('every variable has a row in README.md’s Configuration table', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const rows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((name) => !rows.has(name))).toEqual([]);
  });

  it('every variable has an entry (set or commented out) in .env.example', () => {
    const lines = readFileSync(join(repo, '.env.example'), 'utf8').split('\n');
    const missing = CONFIG_VARIABLES.filter(
      (name) => !lines.some((line) => new RegExp(`^(# ?)?${name}=`).test(line)),
    );
    expect(missing).toEqual([]);
  });

  it('SECURITY.md names only real variables, and every secret production requires', () => {
    const security = readFileSync(join(repo, 'SECURITY.md'), 'utf8');
    const named = new Set(
      [...security.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+|PORT|HOST)(?==|`)/g)].map((m) => m[1]),
    );
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((name) => !listed.has(name))).toEqual([]);
    const production = security.slice(
      security.indexOf('## Settings a production deployment must make'),
    );
    for (const name of ['SESSION_SECRET', 'KINDRED_KEK', 'PUBLIC_URL', 'TRUST_PROXY', 'SMTP_URL'])
      expect(production).toContain(`\`${name}`);
  });
});
