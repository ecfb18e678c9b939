// The module page, server-rendered for a signed-in volunteer (the page a tired volunteer opens at night).
import { gzipSync } from 'node:zlib';
import { load, signIn } from '../lib.mjs';

export const name = 'Module page';

/** The page's own JavaScript: the module scripts it links, gzipped. */
async function pageJavaScript(origin, html, cookie) {
  const srcs = [...new Set([...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => new URL(m[1], `${origin}/learn/`).href))];
  let bytes = 0;
  for (const src of srcs) bytes += gzipSync(Buffer.from(await (await fetch(src, { headers: { cookie } })).arrayBuffer())).length;
  return { files: srcs.length, kb: bytes / 1024 };
}

export async function run(ctx) {
  const app = await ctx.app();
  const cookie = await signIn(app.origin, 'sam@kindred.demo');
  const csrf = /kindred_csrf=([^;]+)/.exec(cookie)?.[1];
  const enrolled = await fetch(`${app.origin}/api/courses/crisis-de-escalation/enrollment`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
  if (!enrolled.ok && enrolled.status !== 409) throw new Error(`enroll: ${enrolled.status}`);
  const url = `${app.origin}/learn/modules/deesc-02`;
  const page = await fetch(url, { headers: { cookie } });
  const html = await page.text();
  if (!page.ok || !html.includes('Safety first')) throw new Error(`module page did not render: ${page.status}`);
  const result = await load(url, { headers: { cookie } });
  const base = ctx.baseline.http.rps;
  const ratio = result.rps / base;
  ctx.row({
    what: 'module page (deesc-02) rendered for a signed-in volunteer, 50 connections',
    figure: `${result.rps.toFixed(0)} req/s, p95 ${result.p95} ms, ${result.errors} errors`,
    baseline: `${base.toFixed(0)} req/s (bare node:http)`,
    ratio: ratio.toFixed(3),
    target: '≥ 0.11, p95 ≤ 50 ms',
    holds: ratio >= 0.11 && result.p95 <= 50 && result.errors === 0,
  });
  const js = await pageJavaScript(app.origin, html, cookie);
  ctx.row({ what: 'JavaScript on the module page (gzipped)', figure: `${js.kb.toFixed(1)} KB in ${js.files} files`, baseline: '—', ratio: '—', target: '≤ 50 KB', holds: js.kb <= 50 });
  const noJs = !html.includes('Safety first') ? false : /<main[\s\S]*<h2/.test(html);
  ctx.row({ what: 'readable without JavaScript (body server-rendered)', figure: noJs ? 'yes' : 'no', baseline: '—', ratio: '—', target: 'yes', holds: noJs });
}
