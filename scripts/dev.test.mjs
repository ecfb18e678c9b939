// `pnpm dev` checks PORT and API_PORT before it builds anything, as `pnpm start` checks PORT (config.ts): a bad
// value stops it at once with a message naming the variable and a non-zero exit. Run: node --test scripts/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dev = join(dirname(fileURLToPath(import.meta.url)), 'dev.mjs');

/** Runs `node scripts/dev.mjs` in its own process group; past 10 s the group (builds included) is stopped. */
function run(env) {
  const clean = { ...process.env };
  delete clean.PORT;
  delete clean.API_PORT;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [dev], {
      env: { ...clean, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, 10_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}

for (const [env, message] of [
  [{ PORT: 'abc' }, /PORT must be a whole number from 1 to 65535, got "abc"/],
  [{ PORT: '0' }, /PORT must be a whole number from 1 to 65535, got "0"/],
  [{ PORT: '3000.5' }, /PORT must be a whole number/],
  [{ PORT: '' }, /PORT must be a whole number from 1 to 65535, got ""/],
  [{ API_PORT: 'x1' }, /API_PORT must be a whole number from 1 to 65535, got "x1"/],
  [{ API_PORT: '70000' }, /API_PORT must be a whole number/],
  [{ PORT: '65535' }, /API_PORT must be a whole number from 1 to 65535, got "65536" \(PORT \+ 1/],
  [{ PORT: '4000', API_PORT: '4000' }, /API_PORT must differ from PORT/],
]) {
  test(`pnpm dev refuses ${JSON.stringify(env)}, naming the variable`, async () => {
    const result = await run(env);
    assert.equal(result.timedOut, false, 'it stopped on its own, before building');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^Configuration error: /);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '', 'nothing was built or started');
  });
}
