// What a phone sees: Lighthouse 12 (mobile emulation, simulated slow 4G and a 4× slower CPU, its defaults) on
// the eight pages volunteers and employers open, with Debian's Chromium.
// Alone: `pnpm bench lighthouse` (LIGHTHOUSE_PAGES=verify,me limits it to the pages named, by their `key`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { signIn } from '../lib.mjs';

export const name = 'What a phone sees (Lighthouse 12, mobile)';

const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium');
// As tests/browser.ts runs it for Playwright, headless; the debugging port is chosen by Chromium (0), read
// back from DevToolsActivePort, so parallel runs never meet on one port.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-port=0',
];

async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'kindred-lh-'));
  const child = spawn(
    chromiumPath,
    [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: 'ignore',
    },
  );
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 200 && !existsSync(portFile); i++)
    await new Promise((r) => setTimeout(r, 100));
  const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
  if (!port) throw new Error('Chromium did not open a debugging port');
  return {
    port,
    async close() {
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function run(ctx) {
  const app = await ctx.app();
  // Signed in through the API; the session cookie goes to Lighthouse as an extra request header (its
  // `extraHeaders`, sent with every request of the page's origin), so no browser sign-in is driven.
  const cookie = await signIn(app.origin, 'sam@kindred.demo');
  const csrf = /kindred_csrf=([^;]+)/.exec(cookie)?.[1];
  const enrolled = await fetch(`${app.origin}/api/courses/crisis-de-escalation/enrollment`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf },
  });
  if (!enrolled.ok && enrolled.status !== 409) throw new Error(`enroll: ${enrolled.status}`);
  // A certificate the demo seed issued (Grace's), for the public verification page.
  const grace = await signIn(app.origin, 'grace@kindred.demo');
  const mine = await (
    await fetch(`${app.origin}/api/certificates/mine`, { headers: { cookie: grace } })
  ).json();
  let certificate;
  for (const c of mine) {
    const answer = await fetch(
      `${app.origin}/api/credentials/${encodeURIComponent(c.id)}/verification`,
    );
    if (answer.ok && (await answer.json()).verdict === 'valid') {
      certificate = c.id;
      break;
    }
  }
  if (!certificate) throw new Error('the demo seed issued no valid certificate to verify');

  const pages = [
    { key: 'home', path: '/' },
    { key: 'support', path: '/support' },
    { key: 'verify', path: '/verify' },
    { key: 'verify-id', path: `/verify/${encodeURIComponent(certificate)}` },
    { key: 'learn', path: '/learn', cookie },
    { key: 'module', path: '/learn/modules/deesc-02?ready', cookie },
    { key: 'drill', path: '/learn/drills/deesc-library-01', cookie },
    { key: 'me', path: '/me', cookie },
  ];
  const only = process.env.LIGHTHOUSE_PAGES?.split(',').filter(Boolean);
  for (const page of pages) {
    if (only && !only.includes(page.key)) continue;
    // A fresh Chromium (and profile) per page: with one browser for all, the module page measured after
    // /learn ended on /sign-in although its cookie was fresh, so no state may carry from page to page.
    const chromium = await launchChromium();
    try {
      // A fresh session for each signed-in page: the header is fixed for the whole run, so a session the
      // page before replaced or ended (Lighthouse clears storage between runs) must not carry over.
      if (page.cookie) page.cookie = await signIn(app.origin, 'sam@kindred.demo');
      // Lighthouse sometimes loses the trace on a loaded machine (NO_NAVSTART): one more try, then the page's
      // row says it failed and the other pages still run.
      let lhr;
      for (let attempt = 0; attempt < 2 && (!lhr || lhr.runtimeError); attempt++) {
        const result = await lighthouse(
          `${app.origin}${page.path}`,
          {
            port: chromium.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance'],
            // The service worker a page installs would serve the next page's navigation, and requests
            // from a worker do not carry extraHeaders (the next signed-in page ended on /sign-in): each
            // page is measured as a first visit without it.
            blockedUrlPatterns: ['*/service-worker.js'],
            ...(page.cookie ? { extraHeaders: { cookie: page.cookie } } : {}),
          },
          undefined,
        );
        lhr = result?.lhr;
      }
      if (!lhr || lhr.runtimeError) {
        ctx.row({
          what: page.path,
          figure: `Lighthouse failed: ${lhr?.runtimeError?.message ?? 'no result'}`,
          baseline: '—',
          ratio: '—',
          target: 'performance ≥ 90, CLS < 0.1, compressed',
          holds: false,
        });
        continue;
      }
      // A signed-in page that bounced to the sign-in form would measure the wrong page.
      if (page.cookie && new URL(lhr.finalDisplayedUrl).pathname.startsWith('/sign-in'))
        throw new Error(`${page.path} redirected to sign-in: the session cookie did not reach it`);
      const score = Math.round((lhr.categories.performance.score ?? 0) * 100);
      const lcp = lhr.audits['largest-contentful-paint'].numericValue;
      const cls = lhr.audits['cumulative-layout-shift'].numericValue;
      const tbt = lhr.audits['total-blocking-time'].numericValue;
      const compression = lhr.audits['uses-text-compression'];
      // "not applicable" means no uncompressed text response was big enough to count: nothing to gain.
      const compressed =
        compression.score === 1 || compression.scoreDisplayMode === 'notApplicable';
      ctx.row({
        what: `${page.path.replace(certificate, '<demo certificate>')}${page.cookie ? ' (signed in)' : ''}`,
        figure: `performance ${score}, LCP ${(lcp / 1000).toFixed(2)} s, CLS ${cls.toFixed(3)}, TBT ${tbt.toFixed(0)} ms, text compressed: ${compressed ? 'yes' : 'no'}`,
        baseline: '—',
        ratio: '—',
        target: 'performance ≥ 90, CLS < 0.1, compressed',
        holds: score >= 90 && cls < 0.1 && compressed,
      });
    } finally {
      await chromium.close();
    }
  }
}
