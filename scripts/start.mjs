#!/usr/bin/env node
// `pnpm start`: builds what changed since the last build, then runs the platform (API + web on one origin).
// Ctrl-C stops the app, which stops the embedded PostgreSQL. `--build-only` builds (if needed) and exits.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.kindred-build-stamp');
const SOURCES = [
  'api/src',
  'web/src',
  'web/static',
  'courses/src',
  'courses',
  'certificates/src',
  'web/svelte.config.js',
  'web/vite.config.ts',
  'pnpm-lock.yaml',
];
const OUTPUTS = ['api/dist/main.js', 'web/build/handler.js', 'courses/dist/index.js'];
const SKIP = new Set(['node_modules', 'dist', 'build', '.svelte-kit', 'test']);

function newest(path, depth = 0) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (SKIP.has(entry) || (depth === 0 && path.endsWith('courses') && entry === 'src')) continue;
    max = Math.max(max, newest(join(path, entry), depth + 1));
  }
  return max;
}

const built =
  existsSync(stamp) && OUTPUTS.every((o) => existsSync(join(root, o)))
    ? statSync(stamp).mtimeMs
    : 0;
const changed = Math.max(...SOURCES.map((s) => newest(join(root, s))));
if (changed > built) {
  console.log('Building Kindred (only when sources changed)…');
  const t = Date.now();
  const result = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
  console.log(`Built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

if (process.argv.includes('--build-only')) process.exit(0);

const app = spawn(process.execPath, ['--enable-source-maps', 'api/dist/main.js'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
// The terminal sends Ctrl-C to the whole group; the app shuts itself and PostgreSQL down, and we wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
