import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Typed SQL (ARCHITECTURE.md, "Invariants"): TypeORM's `.query()` answers `any`, so every row it returns
 * is an unchecked assertion. All SQL of api/src is built with Kysely against the generated `DB` type
 * (database/sql.ts): the repositories', and the demo seeds' (seed/, *.seed.ts), which were the last to
 * move (issue 18). So a `.query()` call anywhere in api/src fails this test. Migrations are raw SQL by
 * nature and are not counted; nor is sql.ts, the one place that runs Kysely's compiled queries.
 */

const src = fileURLToPath(new URL('..', import.meta.url));
const eslintConfig = fileURLToPath(new URL('../../../eslint.config.js', import.meta.url));
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

  it('the no-unsafe-* lint rules are on for the whole of api/src, so an `any` row would fail lint too', () => {
    const config = readFileSync(eslintConfig, 'utf8');
    const block = config.slice(config.indexOf('Typed SQL (Kysely'));
    const files = block.slice(0, block.indexOf(']'));
    expect(files).toContain("'api/src/**/*.ts'");
    // The rules themselves, in that same block.
    const rules = block.slice(0, block.indexOf('},'));
    for (const rule of ['member-access', 'assignment', 'call', 'argument', 'return'])
      expect(rules).toContain(`'@typescript-eslint/no-unsafe-${rule}': 'error'`);
  });
});
