// One real PostgreSQL per test run (the embedded one), with every migration applied.
// Plain ESM on the compiled dist/ because Jest loads global setup outside its module mapper.
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../dist/database/embedded.js';
import { migrate } from '../dist/database/data-source.js';

export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-test-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres(dir);
  await migrate(db.url);
  process.env.TEST_DATABASE_URL = db.url;
  process.env.TEST_DATA_DIR = dir;
  globalThis.__KINDRED_DB__ = db;
}
