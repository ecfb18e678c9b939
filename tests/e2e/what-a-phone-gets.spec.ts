import { test, expect } from '@playwright/test';
import { signIn } from './support';
import { gzipSync } from 'node:zlib';

// What a phone downloads and sees (issue 17): compressed pages, a description for search results and shared
// links, and a /verify page that does not jump when its script arrives.
test.use({ viewport: { width: 390, height: 844 } });

test('pages and API answers come gzipped to a browser that asks, with a description in its language', async ({
  page,
}) => {
  const verify = await page.request.get('/verify', { headers: { 'accept-encoding': 'gzip' } });
  expect(verify.headers()['content-encoding']).toBe('gzip');
  const plain = await page.request.get('/verify', { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();

  await page.goto('/verify');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute(
    'content',
    /peer supporters/,
  );
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  const learn = await page.request.get('/learn', { headers: { 'accept-encoding': 'gzip' } });
  expect(learn.status()).toBe(200);
  expect(learn.headers()['content-encoding']).toBe('gzip');
  const courses = await page.request.get('/api/courses', {
    headers: { 'accept-encoding': 'gzip' },
  });
  expect(courses.headers()['content-encoding']).toBe('gzip');
});

test('the description follows the language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto('/verify');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute(
    'content',
    /apoyo entre pares/,
  );
  await context.close();
});

test('/verify does not shift its layout when the page comes to life', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { shift: number }).shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[])
        if (!e.hadRecentInput) (window as unknown as { shift: number }).shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('/verify');
  // Hydrated: the camera button works.
  await expect(page.getByRole('button', { name: 'Scan with the camera' })).toBeEnabled();
  await page.waitForTimeout(500);
  const shift = await page.evaluate(() => (window as unknown as { shift: number }).shift);
  expect(shift).toBeLessThan(0.1);
});

test('/verify without JavaScript shows no camera controls it could not run', async ({
  browser,
}) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await page.goto('/verify');
  await expect(page.getByRole('heading', { name: 'Scan the QR code' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Check' }).first()).toBeVisible();
  await context.close();
});

test('the module page brings only the messages it shows; a page drawn in the browser still reads in full', async ({
  browser,
}) => {
  // The whole dictionaries were 44 KB of the module page's scripts (issue 17): a volunteer reading a module
  // downloaded every coordinator's sentence in two languages.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('response', async (response) => {
    if (/javascript/.test(response.headers()['content-type'] ?? ''))
      scripts.push(await response.text().catch(() => ''));
  });
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  scripts.length = 0;
  await page.goto('/learn/modules/deesc-02?ready');
  await page.waitForLoadState('networkidle');
  // The person's language (whatever an earlier test saved for Sam) and the other one.
  const lang = (await page.locator('html').getAttribute('lang')) === 'es' ? 'es' : 'en';
  const evaluation = { en: 'Program evaluation', es: 'Evaluación del programa' };
  expect(scripts.length).toBeGreaterThan(3);
  for (const text of Object.values(evaluation))
    expect(
      scripts.some((s) => s.includes(text)),
      text,
    ).toBe(false);
  // What the page shows came with it, in its language.
  const carried = JSON.parse(
    (await page.locator('#kindred-messages').textContent()) ?? '{}',
  ) as Record<string, Record<string, string>>;
  expect(Object.keys(carried)).toEqual([lang]);
  const readSoFar = carried[lang]['learn.readSoFar'];
  expect(readSoFar).toBeTruthy();
  await expect(page.getByRole('progressbar')).toHaveAccessibleName(readSoFar);

  // A page the browser draws itself after a navigation waits for the language's dictionary: no empty text.
  await page.locator('main a[href^="/learn/courses/"]').first().click();
  await expect(page).toHaveURL(/\/learn\/courses\//);
  await expect(page.locator('h1')).not.toBeEmpty();
  await expect(page.getByRole('link', { name: carried[lang]['nav.support'] })).toBeVisible();
  expect(scripts.some((s) => s.includes(evaluation[lang]))).toBe(true);
  expect(scripts.some((s) => s.includes(evaluation[lang === 'es' ? 'en' : 'es']))).toBe(false);
  await context.close();
});

test('the module page sends a phone at most its script budget, the service worker included', async ({
  browser,
}) => {
  // Issue 17: the module page's JavaScript, gzipped, plus the service worker a first visit installs.
  // Measured as a browser receives it (every script response of the page, recompressed at level 9
  // here so the figure does not depend on the server's compression level).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const scripts = new Map<string, Buffer>();
  page.on('response', async (response) => {
    if (/javascript/.test(response.headers()['content-type'] ?? ''))
      scripts.set(new URL(response.url()).pathname, await response.body().catch(() => Buffer.of()));
  });
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  scripts.clear();
  await page.goto('/learn/modules/deesc-02?ready');
  await page.waitForLoadState('networkidle');
  // Settled: the page is hydrated and nothing more arrives.
  await page.waitForTimeout(500);
  const worker = await page.request.get('/service-worker.js');
  expect(worker.ok()).toBe(true);
  scripts.set('/service-worker.js', await worker.body());

  const sizes = [...scripts].map(([path, body]) => ({
    path: path.replace(/^\/_app\/immutable\//, ''),
    gzip: gzipSync(body, { level: 9 }).length,
    raw: body.length,
  }));
  sizes.sort((a, b) => b.gzip - a.gzip);
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(
    `module page JavaScript: ${(total / 1024).toFixed(1)} KB gzip in ${sizes.length} files\n` +
      sizes
        .map((s) => `  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB  (${s.raw} B raw)  ${s.path}`)
        .join('\n'),
  );
  expect(sizes.length).toBeGreaterThan(3);
  // The goal is 50 KB; this budget is what the page weighs now (52.5 KB in English, about 0.5 KB
  // more when Sam reads in Spanish), so it fails if the page grows again. It was 59.5 KB: the module body
  // now comes as HTML (its compiled component and the map of every body were 5.3 KB), the state names stay
  // on the server, Vite's module-preload lists left the route table and $app/forms loads when feedback is
  // sent. Of the 52.5 KB, 32.3 KB are Svelte's and SvelteKit's runtimes, 4.3 KB the service worker, 3.1 KB
  // the kit's route table; the page, the root layout and the i18n formatter are 7.9 KB together.
  expect(total).toBeLessThanOrEqual(53.5 * 1024);
  await context.close();
});
