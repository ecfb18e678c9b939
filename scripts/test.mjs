#!/usr/bin/env node
// `pnpm test`: every suite of the workspace, in order, then one line of its own: `N passed, N failed`.
// Jest and Playwright report through JSON files so the counts are summed from what actually ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'kindred-test-results-'));
const only = process.argv.slice(2); // e.g. `pnpm test api e2e` runs just those groups
let passed = 0;
let failed = 0;
const failures = [];

function run(cmd, args, cwd, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}   (in ${cwd.replace(root, '.') || '.'})`);
  return (
    spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0
  );
}

/** A step that is one check: a build, a type check, the content checker. */
function check(name, cmd, args, cwd) {
  if (run(cmd, args, cwd)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function jest(name, pkg, args) {
  const file = join(out, `${name}.json`);
  const ok = run(
    'pnpm',
    ['exec', 'jest', ...args, '--json', `--outputFile=${file}`],
    join(root, pkg),
    { NODE_OPTIONS: '--experimental-vm-modules' },
  );
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (!report) {
    failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  if (!ok || report.numFailedTests || report.numRuntimeErrorTestSuites) failures.push(name);
}

/** One Playwright config; its JSON report (written under tests/) is summed. */
function playwright(name, config, report) {
  const file = join(root, 'tests', 'test-results', report);
  rmSync(file, { force: true });
  const ok = run('pnpm', ['exec', 'playwright', 'test', '-c', config], join(root, 'tests'));
  const result = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (!result) {
    failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  passed += result.stats.expected + result.stats.flaky;
  failed += result.stats.unexpected;
  if (!ok || result.stats.unexpected) failures.push(name);
}

/** node:test files (the fault tests, the scripts' own), counted by a reporter that writes {passed, failed}. */
function nodeTest(name, cwd, files, reporter = `./${name}/json-reporter.mjs`) {
  const file = join(out, `${name}.json`);
  const ok = run(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${reporter}`,
      `--test-reporter-destination=${file}`,
      ...files,
    ],
    cwd,
  );
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (!report) {
    failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  passed += report.passed;
  failed += report.failed;
  if (!ok || report.failed) failures.push(name);
}

const groups = {
  // Prettier and ESLint over the whole tree (builds courses and certificates first: their types).
  lint() {
    check('lint (prettier --check, eslint)', 'pnpm', ['lint'], root);
  },
  courses() {
    check('courses build', 'pnpm', ['--filter', '@kindred/courses', 'build'], root);
    check('courses:check (all content valid)', 'pnpm', ['courses:check'], root);
    jest('courses', 'courses', []);
  },
  certificates() {
    if (!existsSync(join(root, 'certificates', 'src', 'index.ts'))) return;
    check(
      'certificates build (with courses)',
      'pnpm',
      ['--filter', '@kindred/certificates...', 'build'],
      root,
    );
    jest('certificates', 'certificates', []);
  },
  api() {
    check('api build', 'pnpm', ['--filter', '@kindred/api', 'build'], root);
    // The Kysely row types (api/src/database/schema.d.ts) are generated from the migrated schema.
    check(
      'database types match the migrations',
      'pnpm',
      ['--filter', '@kindred/api', 'db:types', '--check'],
      root,
    );
    jest('api-unit', 'api', ['--selectProjects', 'unit']);
    jest('api-integration', 'api', ['--selectProjects', 'integration', '--runInBand']);
  },
  types() {
    for (const pkg of ['api', 'courses', 'certificates', 'web', 'tests']) {
      if (existsSync(join(root, pkg, 'tsconfig.json')))
        check(`type check ${pkg}`, 'pnpm', ['--filter', `@kindred/${pkg}`, 'check'], root);
    }
    // The web's API client is generated from the API; a stale copy fails here.
    check(
      'OpenAPI client is current',
      'sh',
      ['-c', 'pnpm openapi >/dev/null && git diff --exit-code -- web/src/lib/api'],
      root,
    );
  },
  // The repository's own scripts: `pnpm dev` refuses a bad PORT / API_PORT before building anything.
  scripts() {
    nodeTest('scripts', root, ['scripts/dev.test.mjs'], './tests/faults/json-reporter.mjs');
  },
  // Load and faults against the built app (node api/dist/main.js, a fresh embedded database per test file).
  faults() {
    if (!ran.has('api'))
      check(
        'api build (with courses, certificates)',
        'pnpm',
        ['--filter', '@kindred/api...', 'build'],
        root,
      );
    nodeTest('faults', join(root, 'tests'), [
      'faults/verify-under-load.test.mjs',
      'faults/kill-mid-write.test.mjs',
      'faults/database-restart.test.mjs',
      'faults/production-config.test.mjs',
    ]);
  },
  e2e() {
    // Everything `pnpm start` needs, built the way it builds (so the journeys' `pnpm start` starts at once).
    check('build (as pnpm start does)', 'node', ['scripts/start.mjs', '--build-only'], root);
    playwright('e2e', 'playwright.config.ts', 'results.json');
    // The four journeys, against `pnpm start` on a fresh embedded database (screenshots: tests/test-results/journeys/).
    playwright('journeys', 'playwright.journeys.config.ts', 'journeys-results.json');
  },
};

const ran = new Set();
const took = [];
for (const [name, fn] of Object.entries(groups)) {
  if (only.length === 0 || only.includes(name)) {
    const start = performance.now();
    fn();
    took.push(`${name} ${Math.round((performance.now() - start) / 1000)} s`);
    ran.add(name);
  }
}

rmSync(out, { recursive: true, force: true });
// Where the time went, group by group (CI must stay under 30 minutes).
console.log(`\nTime per group: ${took.join(', ')}`);
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
