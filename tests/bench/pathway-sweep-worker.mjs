// The nightly pathway sweep of the pathways benchmark, in a process of its own so its peak memory is its own:
// boots the API (no HTTP listener, no scheduler), reads the facts of every volunteer once as the baseline,
// then runs the sweep twice (first: every snapshot new; then the steady nightly run) and prints JSON.
import { join } from 'node:path';
import { root } from './lib.mjs';

const url = process.env.DATABASE_URL;
const { buildApp } = await import(join(root, 'api', 'dist', 'bootstrap.js'));
const { loadConfig } = await import(join(root, 'api', 'dist', 'config', 'config.js'));
const { PathwaySweepJob } = await import(
  join(root, 'api', 'dist', 'pathways', 'pathway-sweep.job.js')
);
const { PathwaysRepository } = await import(
  join(root, 'api', 'dist', 'pathways', 'pathways.repository.js')
);

const config = loadConfig({
  PORT: '3999',
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!',
  KINDRED_DATA_DIR: process.env.KINDRED_DATA_DIR,
  DATABASE_URL: url,
});
const app = await buildApp(config, url, { schedule: false, logger: false });
await app.init();
const repo = app.get(PathwaysRepository);
const job = app.get(PathwaySweepJob);

const seconds = (t0) => (performance.now() - t0) / 1000;
let t0 = performance.now();
let read = 0;
const everyone = await repo.volunteers(null);
for (let i = 0; i < everyone.length; i += 1000) {
  await repo.facts(everyone.slice(i, i + 1000));
  read += Math.min(1000, everyone.length - i);
}
const baseline = { seconds: seconds(t0), volunteers: read };
t0 = performance.now();
const first = { ...(await job.run()), seconds: seconds(t0) };
t0 = performance.now();
const nightly = { ...(await job.run()), seconds: seconds(t0) };
await app.close();
process.stdout.write(
  JSON.stringify({ baseline, first, nightly, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) +
    '\n',
);
