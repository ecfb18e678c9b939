// The module page, server-rendered for a signed-in volunteer (the page a tired volunteer opens at night).
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { load, mib, sampleMemory, signIn } from '../lib.mjs';

export const name = 'Module page';

/**
 * The JavaScript a phone downloads for the page, gzipped: every script a real Chromium fetches while it
 * opens the page and until the network is idle (the entry, the route nodes, what they import, the module
 * body's own chunk, whatever loads on demand), plus the service worker. Counting what a browser fetches
 * instead of following imports by hand cannot leave out a file a page loads some other way.
 */
async function pageJavaScript(pageUrl, cookie) {
  const browser = await chromium.launch({
    executablePath:
      process.env.CHROMIUM_PATH ??
      (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const origin = new URL(pageUrl).origin;
    await context.addCookies(
      cookie.split(/;\s*/).flatMap((pair) => {
        const [name, ...value] = pair.split('=');
        return name && value.length ? [{ name, value: value.join('='), url: origin }] : [];
      }),
    );
    const page = await context.newPage();
    const scripts = new Map();
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (/javascript/.test(type)) scripts.set(response.url(), response);
    });
    await page.goto(pageUrl, { waitUntil: 'networkidle' });
    let bytes = 0;
    for (const response of scripts.values()) bytes += gzipSync(await response.body()).length;
    // The service worker counts too (issue 19): a phone downloads it with the first page.
    const worker = await (
      await fetch(`${origin}/service-worker.js`, { headers: { cookie } })
    ).text();
    bytes += gzipSync(Buffer.from(worker)).length;
    return { files: scripts.size + 1, kb: bytes / 1024 };
  } finally {
    await browser.close();
  }
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
  // Memory is sampled from /proc during the same load the throughput figure comes from.
  const memory = sampleMemory(app);
  const result = await load(url, { headers: { cookie } });
  const { appPeak, pgPeak, pgPssPeak } = memory.stop();
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
  ctx.row({
    what: 'peak RSS of the app (one Node process) during the module-page load',
    figure: `${mib(appPeak)} MiB`,
    baseline: '—',
    ratio: '—',
    target: '≤ 400 MiB',
    holds: appPeak <= 400 * 2 ** 20,
  });
  ctx.row({
    what: 'peak memory of the embedded PostgreSQL during the same load (sum over its processes)',
    figure: `RSS ${mib(pgPeak)} MiB (shared buffers counted in each process), PSS ${mib(pgPssPeak)} MiB`,
    baseline: '—',
    ratio: '—',
    target: 'informational',
  });
  const js = await pageJavaScript(url, cookie);
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
