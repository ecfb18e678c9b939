import { test, expect, type Page } from '@playwright/test';
import { courseContent, signIn, signOut, workerInControl } from './support';

// An offline knowledge check that syncs (issue 19): answered with no signal, the answers wait in
// IndexedDB (web/src/lib/offline/queue.ts) with the Idempotency-Key made at submit; the layout sends
// them when the signal returns, and the server grades them exactly once.

/** The attempt number the API would give the next try: graded attempts so far + 1. */
const nextAttempt = (page: Page, moduleId: string) =>
  page.evaluate(async (id) => {
    const r = await fetch(`/api/modules/${id}/quiz`);
    return ((await r.json()) as { attempt: number }).attempt;
  }, moduleId);

const queueLength = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kindred-offline');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const d = open.result;
          if (!d.objectStoreNames.contains('queue')) return resolve(0);
          const count = d.transaction('queue').objectStore('queue').count();
          count.onsuccess = () => {
            d.close();
            resolve(count.result);
          };
        };
      }),
  );

test('a check answered offline is saved on this phone, graded once when the signal returns, and signing out clears the queue and kept pages @phone', async ({
  page,
  context,
}) => {
  const course = courseContent().courses.find((c) => c.slug === 'trauma-informed-care')!;
  const first = course.modules[0];
  await signIn(page, 'aisha@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await workerInControl(page);

  await page.goto(`/learn/courses/${course.slug}`);
  const enroll = page.getByRole('button', { name: 'Enroll in this course' });
  if (await enroll.isVisible()) await enroll.click();
  const card = page.getByRole('region', { name: 'On this phone' });
  await card.getByRole('button', { name: 'Keep on this phone' }).click();
  await expect(card.getByTestId('kept-badge')).toBeVisible({ timeout: 60_000 });
  const before = await nextAttempt(page, first.id);
  let queued: { key: string; answers: Record<string, string> } | undefined;

  await context.setOffline(true);
  try {
    await page.goto(`/learn/modules/${first.id}/check`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText('Knowledge check');
    await page.waitForLoadState('load');
    for (const group of await page.locator('form fieldset').all())
      await group.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.getByTestId('queued')).toContainText(
      'your answers are saved on this phone. They will be graded when the signal returns',
    );
    await expect(page.getByRole('button', { name: 'Check my answers' })).toBeDisabled();
    expect(await queueLength(page)).toBe(1);
    queued = await page.evaluate(
      () =>
        new Promise<{ key: string; answers: Record<string, string> }>((resolve) => {
          const open = indexedDB.open('kindred-offline');
          open.onsuccess = () => {
            const all = open.result.transaction('queue').objectStore('queue').getAll();
            all.onsuccess = () => {
              open.result.close();
              resolve(all.result[0] as { key: string; answers: Record<string, string> });
            };
          };
        }),
    );
    await page.screenshot({
      path: test.info().outputPath('offline-check-390.png'),
      fullPage: true,
    });
    expect(await nextAttempt(page, first.id).catch(() => null)).toBeNull(); // truly offline
  } finally {
    await context.setOffline(false);
  }

  // the signal returns: the layout sends the answers, the server grades them, a link to the result
  const notice = page.getByTestId('synced');
  await expect(notice).toContainText('Your answers from offline were graded.');
  await expect.poll(() => queueLength(page)).toBe(0);
  expect(await nextAttempt(page, first.id)).toBe(before + 1);
  await notice.getByRole('link', { name: 'See the result' }).click();
  await expect(page.getByText('Graded when the signal returned.')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /\d+ of \d+/ })).toBeVisible();

  // a reload syncs nothing again, and the same answers sent again with the same key (a replay: a
  // response lost on the way back) record nothing twice
  await page.reload();
  await page.waitForLoadState('networkidle');
  expect(await nextAttempt(page, first.id)).toBe(before + 1);
  expect(queued?.key).toMatch(/^[0-9a-f-]{36}$/);
  const replay = await page.evaluate(
    async ({ id, item }) => {
      const csrf = decodeURIComponent(/kindred_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
      const r = await fetch(`/api/modules/${id}/attempts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': item.key,
          'x-csrf-token': csrf,
        },
        body: JSON.stringify({ answers: item.answers }),
      });
      return r.status;
    },
    { id: first.id, item: queued },
  );
  expect(replay).toBe(200);
  expect(await nextAttempt(page, first.id)).toBe(before + 1);

  // signing out on a shared phone: the queue's database and the kept pages go
  await page.goto(`/learn/courses/${course.slug}`);
  expect((await page.evaluate(() => indexedDB.databases())).map((d) => d.name)).toContain(
    'kindred-offline',
  );
  await signOut(page);
  await expect
    .poll(async () => (await page.evaluate(() => indexedDB.databases())).map((d) => d.name))
    .not.toContain('kindred-offline');
  const names = await page.evaluate(() => caches.keys());
  expect(names.filter((n) => n.startsWith('kindred-kept-'))).toEqual([]);
});

test('in Spanish, the page says the answers are saved on this phone until the signal returns', async ({
  page,
  context,
  baseURL,
}) => {
  const course = courseContent().courses.find((c) => c.slug === 'trauma-informed-care')!;
  const first = course.modules[0];
  await signIn(page, 'sam@kindred.demo');
  await page.waitForURL(/\/learn$/);
  await context.addCookies([{ name: 'kindred_lang', value: 'es', url: baseURL! }]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await workerInControl(page);
  await page.goto(`/learn/courses/${course.slug}`);
  const enroll = page.getByRole('button', { name: 'Inscribirme en este curso' });
  if (await enroll.isVisible()) await enroll.click();
  const card = page.getByRole('region', { name: 'En este teléfono' });
  await card.getByRole('button', { name: 'Guardar en este teléfono' }).click();
  await expect(card.getByTestId('kept-badge')).toBeVisible({ timeout: 60_000 });

  await context.setOffline(true);
  try {
    await page.goto(`/learn/modules/${first.id}/check`);
    await page.waitForLoadState('load');
    for (const group of await page.locator('form fieldset').all())
      await group.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Revisar mis respuestas' }).click();
    await expect(page.getByTestId('queued')).toContainText(
      'Sin señal: tus respuestas quedan guardadas en este teléfono.',
    );
  } finally {
    await context.setOffline(false);
  }
  await expect(page.getByTestId('synced')).toContainText(
    'Se calificaron tus respuestas sin conexión.',
  );
});

test.describe('on a signal that carries nothing', () => {
  // the page's own script sends the answers here, not the service worker: blocking the worker lets
  // page.route cut exactly the requests a dead connection would
  test.use({ serviceWorkers: 'block' });

  test('answers sent while the phone thinks it is online wait on the phone, and sync once the connection carries them @phone', async ({
    page,
  }) => {
    const course = courseContent().courses.find((c) => c.slug === 'crisis-de-escalation')!;
    const first = course.modules[0];
    await signIn(page, 'aisha@kindred.demo');
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto(`/learn/courses/${course.slug}`);
    const enroll = page.getByRole('button', { name: 'Enroll in this course' });
    if (await enroll.isVisible()) await enroll.click();
    await page.goto(`/learn/modules/${first.id}/check`);
    await page.waitForLoadState('networkidle');
    const before = await nextAttempt(page, first.id);
    for (const group of await page.locator('form fieldset').all())
      await group.getByRole('radio').first().check();
    await page.waitForLoadState('networkidle');

    // connected, but nothing gets through: the page's send fails, and so does the first sync
    await page.route(/\/check\?\/grade$/, (route) => route.abort('internetdisconnected'));
    let syncTries = 0;
    await page.route(`**/api/modules/${first.id}/attempts**`, (route) =>
      ++syncTries === 1 ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.getByTestId('queued')).toContainText('your answers are saved on this phone');

    // the sync tries again while the phone says it is online, and the second try gets through
    const notice = page.getByTestId('synced');
    await expect(notice).toContainText('Your answers from offline were graded.');
    expect(syncTries).toBe(2);
    await expect.poll(() => queueLength(page)).toBe(0);
    expect(await nextAttempt(page, first.id)).toBe(before + 1);
    await notice.getByRole('link', { name: 'See the result' }).click();
    await expect(page.getByText('Graded when the signal returned.')).toBeVisible();
  });

  test('a check graded on the server whose answer was lost on the way back is not graded twice when it syncs @phone', async ({
    page,
  }) => {
    const course = courseContent().courses.find((c) => c.slug === 'crisis-de-escalation')!;
    const first = course.modules[0];
    await signIn(page, 'sam@kindred.demo');
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto(`/learn/courses/${course.slug}`);
    const enroll = page.getByRole('button', { name: 'Enroll in this course' });
    if (await enroll.isVisible()) await enroll.click();
    await page.goto(`/learn/modules/${first.id}/check`);
    await page.waitForLoadState('networkidle');
    const before = await nextAttempt(page, first.id);
    for (const group of await page.locator('form fieldset').all())
      await group.getByRole('radio').first().check();
    await page.waitForLoadState('networkidle');

    // the answers reach the server and are graded; the answer is lost on the way back
    await page.route(/\/check\?\/grade$/, async (route) => {
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.getByTestId('queued')).toContainText('your answers are saved on this phone');
    // the sync sends them again with the key the page sent: the server answers the grade it recorded
    await expect(page.getByTestId('synced')).toContainText(
      'Your answers from offline were graded.',
    );
    await expect.poll(() => queueLength(page)).toBe(0);
    expect(await nextAttempt(page, first.id)).toBe(before + 1);
  });
});
