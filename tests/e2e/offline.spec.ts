import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { signIn } from './support';

// The offline app (issue 19): the service worker in src/service-worker.ts, with the browser context
// taken offline (context.setOffline), so the pages come from Cache Storage or not at all.

/** Waits until the service worker is active and controls the page (it claims pages on activation). */
async function workerInControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)))
    .toBe(true);
}

/** Opens a page the worker answers with a redirect to /offline (page.goto reports that as interrupted). */
async function openRedirected(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => location.assign(p), path);
  await page.waitForURL(/\/offline\?from=/);
}

async function offline(context: BrowserContext, on: boolean): Promise<void> {
  await context.setOffline(on);
}

test('after one visit, /support and /offline open without a network, and a page never kept shows the offline page with the crisis lines', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await workerInControl(page);

  await offline(context, true);
  try {
    await page.goto('/support');
    await expect(page.getByRole('heading', { level: 1, name: 'Support, right now' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Call 988' })).toHaveAttribute('href', 'tel:988');

    await page.goto('/offline');
    await expect(page.getByRole('heading', { level: 1, name: 'You’re offline' })).toBeVisible();

    // never visited, never kept: the calm page instead of the browser's error, with the numbers
    await openRedirected(page, '/verify?id=abc');
    await expect(page).toHaveURL(/\/offline\?from=%2Fverify%3Fid%3Dabc$/);
    await expect(page.getByRole('heading', { level: 1, name: 'You’re offline' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Call 988' })).toHaveAttribute('href', 'tel:988');
    await expect(page.getByRole('link', { name: 'Text 741741' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Call 911' })).toBeVisible();
    // the page hydrated from the cached scripts: its button works
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();

    // a link followed offline loads the whole page, which the worker answers
    await page.getByRole('link', { name: 'Support, right now' }).last().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Support, right now' })).toBeVisible();
  } finally {
    await offline(context, false);
  }
});

test('offline pages answer in the language last seen (Spanish)', async ({
  page,
  context,
  baseURL,
}) => {
  await context.addCookies([{ name: 'kindred_lang', value: 'es', url: baseURL! }]);
  await page.goto('/verify');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await workerInControl(page);
  await page.goto('/verify'); // a page through the worker: it notes the language

  await offline(context, true);
  try {
    await openRedirected(page, '/me/hours');
    await expect(page.getByRole('heading', { level: 1, name: 'Estás sin conexión' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Llamar al 988' })).toBeVisible();
    await page.goto('/support');
    await expect(page.getByRole('heading', { level: 1, name: 'Apoyo, ahora mismo' })).toBeVisible();
  } finally {
    await offline(context, false);
  }
});

test('installable: the manifest names the app, its icons and /learn, and a service worker controls /learn', async ({
  page,
  request,
}) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href!, page.url()).href;
  const response = await request.get(manifestUrl);
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'Kindred',
    short_name: 'Kindred',
    start_url: '/learn',
    display: 'standalone',
  });
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.purpose === 'any');
    expect(icon, size).toBeTruthy();
    const png = await request.get(new URL(icon!.src, manifestUrl).href);
    expect(png.headers()['content-type']).toBe('image/png');
  }
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);

  await workerInControl(page);
  await page.reload();
  const scope = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      scope: registration?.scope,
      controlled: navigator.serviceWorker.controller?.scriptURL,
    };
  });
  expect(scope.scope).toMatch(/\/$/);
  expect(scope.controlled).toMatch(/\/service-worker\.js$/);
});

test('the install hint on /learn offers the browser’s install and can be dismissed for good @phone', async ({
  page,
}) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.waitForLoadState('networkidle');
  const hint = page.getByRole('region', { name: 'Install Kindred' });
  await expect(hint).toHaveCount(0); // the browser has not offered it: no hint

  // Chromium fires beforeinstallprompt when the app is installable; headless Chromium never does, so
  // the test fires one with a prompt() that records the call.
  const offer = () =>
    page.evaluate(() => {
      const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & {
        prompt: () => Promise<void>;
        userChoice: Promise<{ outcome: string }>;
      };
      event.prompt = async () => {
        (window as unknown as { prompted: number }).prompted =
          ((window as unknown as { prompted?: number }).prompted ?? 0) + 1;
      };
      event.userChoice = Promise.resolve({ outcome: 'dismissed' });
      window.dispatchEvent(event);
    });
  await offer();
  await expect(hint).toBeVisible();
  await hint.getByRole('button', { name: 'Install' }).click();
  expect(await page.evaluate(() => (window as unknown as { prompted: number }).prompted)).toBe(1);
  await expect(hint).toHaveCount(0);

  await offer();
  await expect(hint).toBeVisible();
  await hint.getByRole('button', { name: 'Not now' }).click();
  await expect(hint).toHaveCount(0);
  await page.reload();
  await page.waitForLoadState('networkidle');
  await offer();
  await expect(page.getByRole('heading', { level: 1, name: 'My learning' })).toBeVisible();
  await expect(hint).toHaveCount(0);
});
