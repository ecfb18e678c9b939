#!/usr/bin/env node
// `pnpm dev`: the development loop. The API is compiled by `tsc --watch` (with the two libraries it uses)
// and restarted by `node --watch` when its output changes; the web app runs on `vite dev` with hot reload,
// in front of the API: pages call it over HTTP (KINDRED_API_INTERNAL) and vite proxies the browser's /api/*.
// Same embedded database and demo seed as `pnpm start`. PORT (default 3000) is the address you open;
// the API listens on API_PORT (default PORT + 1). Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A bad port stops here, naming the variable, as `pnpm start` does (api/src/config/config.ts). */
function fail(message) {
  console.error(`Configuration error: ${message}`);
  process.exit(1);
}
function portFrom(name, fallback, fallbackText) {
  const raw = process.env[name] ?? String(fallback);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535)
    fail(
      `${name} must be a whole number from 1 to 65535, got "${raw}"` +
        (process.env[name] === undefined ? ` (${fallbackText})` : ''),
    );
  return value;
}
const port = portFrom('PORT', 3000, 'the default');
const apiPort = portFrom('API_PORT', port + 1, 'PORT + 1; set API_PORT');
if (apiPort === port) fail(`API_PORT must differ from PORT (both are ${port})`);
const apiUrl = `http://127.0.0.1:${apiPort}`;

// One full build first, so the API starts from current output (and tsc --watch only has changes to do).
const first = spawnSync('pnpm', ['--filter', '@kindred/api...', 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [];
function run(name, cmd, args, cwd, env = {}) {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk) => {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) process.stdout.write(prefix + line + '\n');
    });
  child.on('exit', (code) => {
    if (!stopping) {
      console.log(`${prefix}exited (${code}); stopping the dev loop`);
      stop(1);
    }
  });
  children.push(child);
}

const tscWatch = ['exec', 'tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'];
for (const pkg of ['courses', 'certificates', 'api'])
  run(`tsc ${pkg}`, 'pnpm', tscWatch, join(root, pkg));
run(
  'api',
  process.execPath,
  ['--enable-source-maps', '--watch', 'dist/main.js'],
  join(root, 'api'),
  {
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    // The API serves no pages in development (vite does); a missing build path keeps it from mounting one.
    KINDRED_WEB_BUILD: join(root, 'web', '.no-build-in-dev'),
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  },
);
run(
  'web',
  'pnpm',
  ['exec', 'vite', 'dev', '--port', String(port), '--strictPort'],
  join(root, 'web'),
  {
    KINDRED_API_INTERNAL: apiUrl,
  },
);
console.log(`\nKindred dev: open http://localhost:${port} (API on ${apiUrl}; edits reload)\n`);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGINT');
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
