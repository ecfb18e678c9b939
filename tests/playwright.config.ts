import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, freshDataDir } from './browser';

const port = Number(process.env.E2E_PORT ?? 3917);
// A fresh embedded database for every run, as a new user would have.
const dataDir = process.env.E2E_DATA_DIR ?? freshDataDir('kindred-e2e-');

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'] }, grepInvert: /@phone/ },
    { name: 'phone', use: { ...devices['Pixel 7'] }, grep: /@phone/ },
  ],
  webServer: {
    command: 'node --enable-source-maps ../api/dist/main.js',
    url: `http://localhost:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      KINDRED_DATA_DIR: dataDir,
      KINDRED_SEED: 'true',
      LOGIN_RATE_LIMIT: '1000',
    },
  },
});
