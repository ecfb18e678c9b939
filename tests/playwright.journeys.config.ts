import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, freshDataDir } from './browser';

// The four journeys (issue 7): each person's whole story in a real Chromium against `pnpm start` on a fresh
// embedded database, as a new installation would run. `pnpm start` builds first if the sources changed
// (`pnpm test` builds just before, so it starts at once). Screenshots land in test-results/journeys/<person>/.
const port = Number(process.env.JOURNEYS_PORT ?? 3926);
const dataDir = process.env.JOURNEYS_DATA_DIR ?? freshDataDir('kindred-journeys-');

export default defineConfig({
  testDir: './journeys',
  outputDir: './test-results/journeys-output',
  timeout: 420_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/journeys-results.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS },
  },
  // The volunteer's spec sets a phone itself; the others use a desktop.
  projects: [{ name: 'journeys', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'pnpm start',
    cwd: '..',
    url: `http://localhost:${port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      PORT: String(port),
      KINDRED_DATA_DIR: dataDir,
      KINDRED_SEED: 'true',
      LOGIN_RATE_LIMIT: '1000',
    },
  },
});
