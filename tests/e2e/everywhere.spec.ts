import { test, expect, request } from '@playwright/test';
import { DEMO_PASSWORD, signIn, signOut } from './support';

// What holds on every page (issue 22, "Everywhere"), at phone size.
test.use({ viewport: { width: 390, height: 844 } });

test('an error page says what happened, offers the way home and the crisis link', async ({
  page,
}) => {
  const anonymous = await page.goto('/verify/this-is-not-a-certificate/nor-a-page');
  expect(anonymous!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'There is nothing at this address',
  );
  await expect(page.getByText('(error 404)')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to the Kindred home page' })).toHaveAttribute(
    'href',
    '/',
  );
  await expect(
    page.getByRole('main').getByRole('link', { name: 'Support right now' }),
  ).toHaveAttribute('href', '/support');

  // Signed in, the way home is the person's own start page; the API's message says what was missing.
  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  const missing = await page.goto('/learn/courses/no-such-course');
  expect(missing!.status()).toBe(404);
  await expect(page.getByText('There is no course at this address.')).toBeVisible();
  await page.getByRole('link', { name: 'Go to my start page' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('signed-in pages are never cached: after signing out, Back does not show them', async ({
  page,
}) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  const learn = await page.goto('/learn/certificates');
  expect(learn!.headers()['cache-control']).toBe('no-store');
  const data = await page.request.get('/learn/__data.json');
  expect(data.headers()['cache-control']).toBe('no-store');
  await signOut(page);
  await page.goBack();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { level: 1, name: 'My certificates' })).toHaveCount(0);
  // and a public page may still be cached
  const verify = await page.request.get('/verify');
  expect(verify.headers()['cache-control'] ?? '').not.toContain('no-store');
});

/** Query strings a person, a broken link or a scanner might send. */
const MALFORMED = [
  'next=%0A',
  'next=/learn%0D%0ASet-Cookie:%20x=1',
  'next=%00',
  'next=' + '/a'.repeat(3000),
  'next=%E0%A4%A',
  '%',
  '%zz=1',
  'back=%0A',
  'lang=%0A',
  'lang=xx',
  'id=%0A',
  'status=%00',
  'course=..%2F..%2Fetc%2Fpasswd',
  'ready=%FF',
  'q[]=1&q[a]=2',
];

test('no malformed query answers a 500, signed in or not', async ({ baseURL }) => {
  const anonymous = await request.newContext({ baseURL, maxRedirects: 0 });
  const volunteer = await request.newContext({ baseURL, maxRedirects: 0 });
  const login = await volunteer.post('/api/auth/login', {
    data: { email: 'aisha@kindred.demo', password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const pages = [
    '/',
    '/sign-in',
    '/verify',
    '/support',
    '/forgot-password',
    '/learn',
    '/learn/break',
    '/learn/certificates',
    '/learn/competencies',
    '/learn/drills',
    '/learn/courses/peer-roles',
    '/learn/modules/peer-01',
    '/learn/modules/peer-01/check',
    '/learn/files/x',
    '/me',
    '/me/pathway',
    '/me/hours',
    '/me/ce',
    '/admin/ce',
  ];
  const bad: string[] = [];
  for (const ctx of [anonymous, volunteer])
    for (const path of pages)
      for (const query of MALFORMED) {
        const res = await ctx.get(`${path}?${query}`);
        if (res.status() >= 500) bad.push(`${path}?${query.slice(0, 40)}: ${res.status()}`);
      }
  // a form post with a newline in where to go next
  const lang = await volunteer.post('/language', {
    form: { locale: 'en', next: '/learn\n' },
    headers: { origin: baseURL! },
  });
  if (lang.status() >= 500) bad.push(`POST /language: ${lang.status()}`);
  expect(bad).toEqual([]);
  await Promise.all([anonymous.dispose(), volunteer.dispose()]);
});

// Browsers drop tabs and newlines from URLs, so the page goes where the browser itself would: /learn/drills.
test('signing in with a newline in where to go next lands on this site instead of failing', async ({
  page,
}) => {
  const res = await page.goto('/sign-in?next=/learn/drills%0A');
  expect(res!.status()).toBe(200);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('E-mail').fill('aisha@kindred.demo');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/learn\/drills$/);
});

// The matrix has one row per skill (27, with their names) and one column per volunteer: the page itself
// never scrolls sideways; a wide cohort scrolls inside its card with the skills kept in view (cohort-matrix.spec.ts).
test('the cohort matrix never widens the page: at 1366 px and on a phone it scrolls in its card with the names kept in view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.goto('/supervise/competencies');
  const wrap = page.locator('.matrix-card .table-wrap');
  await expect(wrap.locator('tbody tr').first()).toBeVisible();
  expect(
    await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/everywhere/matrix-1366.png' });

  await page.setViewportSize({ width: 390, height: 844 });
  expect(
    await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
  ).toBeLessThanOrEqual(0);
  const name = wrap.locator('tbody th').first();
  const before = (await name.boundingBox())!.x;
  await wrap.evaluate((el) => el.scrollBy(400, 0));
  await expect.poll(async () => wrap.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(Math.abs((await name.boundingBox())!.x - before)).toBeLessThan(2);
  await page.screenshot({ path: 'test-results/everywhere/matrix-390.png' });
});
