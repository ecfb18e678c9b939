// The production configuration path, as docker-compose runs it but without Docker: the built app with
// NODE_ENV=production against an external PostgreSQL (the embedded server, started here on its own, stands in
// for the compose `db` service). It refuses to start without each required secret, naming it; with them it
// starts, applies the migrations, serves health, and loads no demo accounts unless asked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { portOf, root, sleep } from './support.mjs';

const { startEmbeddedPostgres } = await import(
  pathToFileURL(join(root, 'api', 'dist', 'database', 'embedded.js')).href
);

const SECRETS = {
  SESSION_SECRET: 'a-production-session-secret-of-48-characters-xx',
  KINDRED_KEK: Buffer.alloc(32, 9).toString('base64'),
};
let db;
let dbDir;
const dirs = [];

before(async () => {
  dbDir = mkdtempSync(join(tmpdir(), 'kindred-prod-db-'));
  chmodSync(dbDir, 0o755);
  db = await startEmbeddedPostgres(dbDir);
});
after(async () => {
  await db?.stop();
  for (const d of [dbDir, ...dirs]) rmSync(d, { recursive: true, force: true });
});

/** Runs api/dist/main.js as the image does (NODE_ENV=production, DATABASE_URL) with `env`. */
function run(env) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kindred-prod-app-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [join(root, 'api', 'dist', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      KINDRED_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

for (const missing of Object.keys(SECRETS)) {
  test(`refuses to start without ${missing}, naming it`, async () => {
    const env = { ...SECRETS, PORT: String(await portOf(6)) };
    Reflect.deleteProperty(env, missing);
    const app = run(env);
    const code = await Promise.race([app.exited, sleep(60_000).then(() => 'still running')]);
    if (code === 'still running') app.child.kill('SIGKILL');
    assert.notEqual(code, 0, `it started without ${missing}`);
    assert.notEqual(code, 'still running', `it started without ${missing}`);
    assert.match(app.output(), new RegExp(`Configuration error: ${missing} is required`));
  });
}

test('refuses a bad setting, naming it (LOGIN_RATE_LIMIT=abc)', async () => {
  const app = run({ ...SECRETS, PORT: String(await portOf(6)), LOGIN_RATE_LIMIT: 'abc' });
  assert.notEqual(await app.exited, 0);
  assert.match(app.output(), /Configuration error: LOGIN_RATE_LIMIT must be a whole number/);
});

test('with the secrets it starts on the external database, serves health, and has no demo accounts', async () => {
  const port = await portOf(7);
  const app = run({ ...SECRETS, PORT: String(port), PUBLIC_URL: `http://localhost:${port}` });
  try {
    let health;
    for (let i = 0; i < 480 && !health?.ok; i++) {
      if (app.child.exitCode !== null) break;
      health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (!health?.ok) await sleep(250);
    }
    assert.equal(health?.status, 200, `no health answer; the app said:\n${app.output()}`);
    assert.equal((await health.json()).status, 'ok');
    assert.doesNotMatch(app.output(), /embedded PostgreSQL/);
    assert.doesNotMatch(app.output(), /demo seed/);
    const demo = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'coordinator@kindred.demo',
        password: 'kindred-demo-password',
      }),
    });
    assert.equal(demo.status, 401, 'the published demo password signs in on a production start');
  } finally {
    app.child.kill('SIGINT');
    await Promise.race([app.exited, sleep(15_000)]);
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  }
});

test('docker-compose passes every required secret as required, keeps the demo seed off by default, and sets only known variables', async () => {
  const { readFileSync } = await import('node:fs');
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const app = compose.slice(compose.indexOf('\n  app:'));
  const env = Object.fromEntries(
    [...app.matchAll(/^ {6}([A-Z_]+): (.*)$/gm)].map((m) => [m[1], m[2].trim()]),
  );
  for (const secret of Object.keys(SECRETS))
    assert.match(
      env[secret] ?? '',
      new RegExp(`^\\$\\{${secret}:\\?`),
      `${secret} is not required`,
    );
  assert.match(env.KINDRED_SEED ?? '', /^\$\{KINDRED_SEED:-false\}$/);
  const config = readFileSync(join(root, 'api', 'src', 'config', 'config.ts'), 'utf8');
  for (const name of Object.keys(env))
    assert.ok(
      config.includes(`'${name}'`) || config.includes(`env.${name}`),
      `${name} is unknown to config.ts`,
    );
});
