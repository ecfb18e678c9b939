// The public verify-by-ID endpoint an employer's link or QR code calls, under 50 connections.
import { load, signIn } from '../lib.mjs';

export const name = 'Public verification endpoint';

export async function run(ctx) {
  const app = await ctx.app();
  // The demo seed issued Grace a valid co-issued certificate through the normal path.
  const cookie = await signIn(app.origin, 'grace@kindred.demo');
  const mine = await (
    await fetch(`${app.origin}/api/certificates/mine`, { headers: { cookie } })
  ).json();
  const id = mine.find((c) => c.status === 'valid' || c.state === 'valid')?.id ?? mine[0]?.id;
  if (!id) throw new Error('the demo seed issued no certificate to verify');
  const url = `${app.origin}/api/credentials/${encodeURIComponent(id)}/verification`;
  const first = await (await fetch(url)).json();
  if (first.verdict !== 'valid') throw new Error(`demo certificate verifies as ${first.verdict}`);
  const result = await load(url);
  const base = ctx.baseline.http.rps;
  const ratio = result.rps / base;
  ctx.row({
    what: 'GET /api/credentials/:id/verification (status, dates, cached proof result), 50 connections',
    figure: `${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.errors} errors`,
    baseline: `${base.toFixed(0)} req/s (bare node:http)`,
    ratio: ratio.toFixed(3),
    target: '≥ 0.15, p99 ≤ 25 ms',
    holds: ratio >= 0.15 && result.p99 <= 25 && result.errors === 0,
  });
}
