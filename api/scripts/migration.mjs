#!/usr/bin/env node
// Migrations by hand: `pnpm --filter @kindred/api migration <create NAME | run | revert | show>`.
// `pnpm start` applies pending migrations by itself; these are for writing a new one and for operators.
// run/revert/show use DATABASE_URL, or else the embedded PostgreSQL of KINDRED_DATA_DIR (default ../.data),
// started for the command and stopped after. They run on the compiled dist/, so build first
// (`pnpm --filter @kindred/api build`); create needs nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const api = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
const usage = 'usage: migration create <name-in-kebab-case> | run | revert | show';

function create(name) {
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
    console.error(
      `migration create: the name must be kebab-case, e.g. outbox-attachments\n${usage}`,
    );
    process.exit(2);
  }
  const stamp = Date.now();
  const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase()) + String(stamp);
  const file = join(api, 'src/database/migrations', `${stamp}-${name}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What this migration changes, and why. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`,
  );
  // Register it in the ordered list the app applies (data-source.ts), so it cannot be forgotten.
  const ds = join(api, 'src/database/data-source.ts');
  let source = readFileSync(ds, 'utf8');
  const lastImport = [...source.matchAll(/^import .* from '\.\/migrations\/.*';$/gm)].pop();
  const list = source.match(/export const MIGRATIONS = \[\n([\s\S]*?)\];/);
  if (!lastImport || !list) {
    console.error(
      `${ds}: could not find the migration imports or the MIGRATIONS list; add ${className} by hand`,
    );
    process.exit(1);
  }
  const importLine = `import { ${className} } from './migrations/${stamp}-${name}.js';`;
  const at = lastImport.index + lastImport[0].length;
  source = source.slice(0, at) + '\n' + importLine + source.slice(at);
  source = source.replace(
    /export const MIGRATIONS = \[\n([\s\S]*?)\];/,
    (_, body) => `export const MIGRATIONS = [\n${body}  ${className},\n];`,
  );
  writeFileSync(ds, source);
  console.log(
    `created ${file.replace(api + '/', 'api/')} and added ${className} to MIGRATIONS in data-source.ts`,
  );
}

async function withDatabase(fn) {
  const dist = join(api, 'dist/database');
  if (!existsSync(join(dist, 'data-source.js'))) {
    console.error('api/dist is missing: run `pnpm --filter @kindred/api build` first');
    process.exit(1);
  }
  const { dataSourceOptions } = await import(pathToFileURL(join(dist, 'data-source.js')).href);
  const { DataSource } = await import('typeorm');
  let url = process.env.DATABASE_URL;
  let embedded;
  if (!url) {
    const { startEmbeddedPostgres } = await import(pathToFileURL(join(dist, 'embedded.js')).href);
    const dir = resolve(process.env.KINDRED_DATA_DIR ?? join(api, '..', '.data'));
    embedded = await startEmbeddedPostgres(dir);
    url = embedded.url;
    console.log(`embedded PostgreSQL of ${dir}`);
  }
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await fn(ds);
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

switch (command) {
  case 'create':
    create(rest[0]);
    break;
  case 'run':
    await withDatabase(async (ds) => {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(
        applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'nothing to apply',
      );
    });
    break;
  case 'revert':
    await withDatabase(async (ds) => {
      const before = await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
      await ds.undoLastMigration({ transaction: 'each' });
      console.log(before[0] ? `reverted: ${before[0].name}` : 'nothing to revert');
    });
    break;
  case 'show':
    await withDatabase(async (ds) => {
      const rows = await ds.query('SELECT name FROM migrations').catch(() => []);
      const applied = new Set(rows.map((r) => r.name));
      for (const m of ds.migrations)
        console.log(`${applied.has(m.name) ? '[x]' : '[ ]'} ${m.name}`);
    });
    break;
  default:
    console.error(usage);
    process.exit(2);
}
