import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Typed SQL (ARCHITECTURE.md, "Invariants"): TypeORM's `.query()` answers `any`, so every row it returns
 * is an unchecked assertion. All SQL of api/src is built with Kysely against the generated `DB` type
 * (database/sql.ts): the repositories', and the demo seeds' (seed/, *.seed.ts), which were the last to
 * move (issue 18). So a `.query()` call anywhere in api/src fails this test. Migrations are raw SQL by
 * nature and are not counted; nor is sql.ts, the one place that runs Kysely's compiled queries.
 */

/**
 * Folders (and top-level files) of api/src with ESLint's no-unsafe-* rules on (eslint.config.js), so an
 * `any` row that came back there would fail lint too. Every file that builds SQL (imports
 * database/sql.js) must lie in one of them.
 */
const TYPED = [
  'audit',
  'auth',
  'ce',
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
  'hours',
  'network',
  'notifications',
  'organizations',
  'pathways',
  'reminders',
  'seed',
  'users',
  'wellbeing',
];

const src = fileURLToPath(new URL('..', import.meta.url));
const eslintConfig = fileURLToPath(new URL('../../../eslint.config.js', import.meta.url));
const inTyped = (file: string) => TYPED.some((t) => file === t || file.startsWith(`${t}/`));
const SQL_IMPORT = /from '(?:\.\.?\/)+(?:database\/)?sql\.js'/;
const CALL = /\.query\s*[<(]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path.endsWith(join('database', 'migrations')) ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = () =>
  sources(src).map((path) => ({ path, file: relative(src, path).split('\\').join('/') }));

function counts(): Map<string, number> {
  const found = new Map<string, number>();
  for (const { path, file } of files()) {
    if (file === 'database/sql.ts') continue;
    const n = readFileSync(path, 'utf8').match(CALL)?.length ?? 0;
    if (n > 0) found.set(file, n);
  }
  return found;
}

describe('untyped .query() calls', () => {
  it('appear nowhere in api/src (outside sql.ts and the migrations)', () => {
    // New SQL: a repository method built with Kysely (`db`, `rows`/`first` from database/sql.ts).
    expect([...counts()].map(([file, n]) => `${file}: ${n}`)).toEqual([]);
  });

  it('are found by this test: the pattern matches a call, with or without a row type', () => {
    const calls = 'await m.query(`SELECT 1`); ds.query<Row[]>(text); m\n  .query (x)';
    expect(calls.match(CALL)).toHaveLength(3);
  });

  it('every file that builds SQL lies in a folder listed above', () => {
    const outside = files()
      .filter(({ file }) => !inTyped(file))
      .filter(({ path }) => SQL_IMPORT.test(readFileSync(path, 'utf8')))
      .map(({ file }) => file);
    expect(outside).toEqual([]);
  });

  it('every listed folder has the no-unsafe-* lint rules on', () => {
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
