// The bare node:http baseline every HTTP figure is compared with, and the API's lightest route.
import { join } from 'node:path';
import { freePort, load, spawnServer, stop } from '../lib.mjs';

export const name = 'HTTP baseline';

export async function run(ctx) {
  const port = await freePort();
  const server = await spawnServer(
    join(import.meta.dirname, '..', 'bare-server.mjs'),
    { PORT: String(port) },
    `http://127.0.0.1:${port}/`,
  );
  try {
    ctx.baseline.http = await load(`http://127.0.0.1:${port}/`);
  } finally {
    await stop(server);
  }
  ctx.row({
    what: 'bare node:http, fixed JSON (baseline)',
    figure: `${ctx.baseline.http.rps.toFixed(0)} req/s, p95 ${ctx.baseline.http.p95} ms`,
    baseline: '—',
    ratio: '1.00',
    target: '—',
  });
  const app = await ctx.app();
  const health = await load(`${app.origin}/api/health`);
  ctx.row({
    what: 'API GET /api/health (NestJS, one SELECT 1)',
    figure: `${health.rps.toFixed(0)} req/s, p95 ${health.p95} ms, ${health.errors} errors`,
    baseline: `${ctx.baseline.http.rps.toFixed(0)} req/s`,
    ratio: (health.rps / ctx.baseline.http.rps).toFixed(3),
    target: 'informational (NestJS trivial route ≈ 10 %)',
  });
}
