// The module page, server-rendered for a signed-in volunteer (the page a tired volunteer opens at night).
import { gzipSync } from 'node:zlib';
import { load, signIn } from '../lib.mjs';

export const name = 'Module page';

/**
 * The JavaScript the page loads, gzipped: the entry scripts its inline bootstrap imports, the route
 * nodes it names (node_ids), the service worker, and everything those import statically (dynamic
 * imports are other pages).
 */
async function pageJavaScript(pageUrl, html, cookie) {
  const base = new URL(pageUrl);
  const queue = [...html.matchAll(/import\("([^"]+\.js)"\)/g)].map((m) => new URL(m[1], base).href);
  const app = queue.find((u) => u.includes('/entry/app.'));
  const nodes =
    /node_ids:\s*\[([\d,\s]+)\]/
      .exec(html)?.[1]
      .split(',')
      .map((n) => n.trim()) ?? [];
  if (app) {
    // Route nodes have hashed names (`nodes/3.Bx1k.js`): the entry lists them as dynamic imports, so
    // the page's own nodes are looked up there by their number, not guessed as `nodes/3.js`.
    const entry = await (await fetch(app, { headers: { cookie } })).text();
    const byId = new Map(
      [...entry.matchAll(/["'](\.\.\/nodes\/(\d+)\.[^"']*\.js)["']/g)].map((m) => [m[2], m[1]]),
    );
    for (const n of nodes) {
      const file = byId.get(n);
      if (!file) throw new Error(`route node ${n} is not named in ${app}`);
      queue.push(new URL(file, app).href);
    }
  }
  // The service worker counts too (issue 19): a phone downloads it with the first page.
  queue.push(new URL('/service-worker.js', base).href);
  const seen = new Set();
  let bytes = 0;
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const text = await (await fetch(url, { headers: { cookie } })).text();
    bytes += gzipSync(Buffer.from(text)).length;
    for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g))
      queue.push(new URL(m[1], url).href);
  }
  return { files: seen.size, kb: bytes / 1024 };
}

export async function run(ctx) {
  const app = await ctx.app();
  const cookie = await signIn(app.origin, 'sam@kindred.demo');
  const csrf = /kindred_csrf=([^;]+)/.exec(cookie)?.[1];
  const enrolled = await fetch(`${app.origin}/api/courses/crisis-de-escalation/enrollment`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf },
  });
  if (!enrolled.ok && enrolled.status !== 409) throw new Error(`enroll: ${enrolled.status}`);
  // ?ready: past the content note, straight to the module text (as after "continue").
  const url = `${app.origin}/learn/modules/deesc-02?ready`;
  const page = await fetch(url, { headers: { cookie } });
  const html = await page.text();
  if (!page.ok || !html.includes('Safety first'))
    throw new Error(`module page did not render: ${page.status}`);
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
  const js = await pageJavaScript(url, html, cookie);
  ctx.row({
    what: 'JavaScript on the module page (gzipped)',
    figure: `${js.kb.toFixed(1)} KB in ${js.files} files`,
    baseline: '—',
    ratio: '—',
    target: '≤ 50 KB',
    holds: js.kb <= 50,
  });
  const noJs = /<main[\s\S]*<h2[\s\S]*<\/main>/.test(html);
  ctx.row({
    what: 'readable without JavaScript (body server-rendered)',
    figure: noJs ? 'yes' : 'no',
    baseline: '—',
    ratio: '—',
    target: 'yes',
    holds: noJs,
  });
}
