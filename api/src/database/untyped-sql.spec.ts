import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Typed SQL, moving in (ARCHITECTURE.md, "Invariants"): TypeORM's `.query()` answers `any`, so every
 * row it returns is an unchecked assertion. New SQL is built with Kysely against the generated `DB`
 * type (database/sql.ts) and lives in a repository. The files below still call `.query()`; each
 * allowance is the number of calls left, and it only goes down: a new call anywhere fails this test,
 * and so does a conversion that does not lower its file's number (so the list cannot silently grow
 * back). Migrations are raw SQL by nature and are not counted; nor is sql.ts, the one place that
 * runs Kysely's compiled queries.
 */

/** SQL outside any repository: the demo seeds. */
const OUTSIDE_REPOSITORIES: Record<string, number> = {
  'pathways/pathways.seed.ts': 14,
  'seed/records.ts': 9,
  'seed/seed.ts': 5,
};

/** Repositories not yet converted to Kysely. */
const UNTYPED_REPOSITORIES: Record<string, number> = {};

/**
 * Folders (and top-level files) of api/src whose SQL is all Kysely. None of them may be given an
 * allowance above, and ESLint's no-unsafe-* rules must be on for each (eslint.config.js), so a `.query()`
 * that comes back there fails here and its `any` fails lint.
 */
const TYPED = [
  'audit',
  'auth',
  'certificates',
  'cli.ts',
  'common',
  'competencies',
  'courses',
  'database',
  'drills',
  'evidence',
  'feedback',
  'health',
  'ledger',
  'network',
  'notifications',
  'organizations',
  'reminders',
  'users',
  'wellbeing',
];

const src = fileURLToPath(new URL('..', import.meta.url));
const eslintConfig = fileURLToPath(new URL('../../../eslint.config.js', import.meta.url));
const inTyped = (file: string) => TYPED.some((t) => file === t || file.startsWith(`${t}/`));
const CALL = /\.query\s*[<(]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path.endsWith(join('database', 'migrations')) ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function counts(): Map<string, number> {
  const found = new Map<string, number>();
  for (const path of sources(src)) {
    const file = relative(src, path).split('\\').join('/');
    if (file === 'database/sql.ts') continue;
    const n = readFileSync(path, 'utf8').match(CALL)?.length ?? 0;
    if (n > 0) found.set(file, n);
  }
  return found;
}

describe('untyped .query() calls', () => {
  const found = counts();
  const allowed = { ...OUTSIDE_REPOSITORIES, ...UNTYPED_REPOSITORIES };

  it('appear in no file beyond the allow-list, and no more often than allowed', () => {
    const over = [...found]
      .filter(([file, n]) => n > (allowed[file] ?? 0))
      .map(([file, n]) => `${file}: ${n} (allowed ${allowed[file] ?? 0})`);
    // New SQL: a repository method built with Kysely (`db`, `rows`/`first` from database/sql.ts).
    expect(over).toEqual([]);
  });

  it('the allow-list only shrinks: a converted file lowers (or leaves) its allowance', () => {
    const under = Object.entries(allowed)
      .filter(([file, n]) => (found.get(file) ?? 0) < n)
      .map(([file, n]) => `${file}: ${found.get(file) ?? 0} (allowance ${n}: lower it)`);
    expect(under).toEqual([]);
  });

  it('no allowance lies in a converted folder', () => {
    expect(Object.keys(allowed).filter(inTyped)).toEqual([]);
  });

  it('every converted folder has the no-unsafe-* lint rules on', () => {
    const config = readFileSync(eslintConfig, 'utf8');
    const block = config.slice(config.indexOf('Typed SQL (Kysely'));
    const listed = block.slice(0, block.indexOf(']'));
    const missing = TYPED.filter((t) => {
      const glob = t.endsWith('.ts') ? `'api/src/${t}'` : `'api/src/${t}/**/*.ts'`;
      return !listed.includes(glob);
    });
    expect(missing).toEqual([]);
    // The rules themselves, in that same block.
    expect(block).toContain("'@typescript-eslint/no-unsafe-assignment': 'error'");
  });

  it('names only folders and files that exist (a rename must carry its entry along)', () => {
    expect(TYPED.filter((t) => !existsSync(join(src, t)))).toEqual([]);
  });
});
