import { test, expect } from '@playwright/test';
import { openMenu, signIn, signOut } from './support';

test('the home page says what Kindred is and offers crisis support', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('support people');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: /Need support now/ }).click();
  await expect(page.getByRole('heading', { name: 'Support, right now' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Call 988' })).toHaveAttribute('href', 'tel:988');
});

const ROLES = [
  { email: 'coordinator@kindred.demo', path: '/admin', heading: /Program/ },
  { email: 'supervisor.ana@kindred.demo', path: '/supervise', heading: /My volunteers/ },
  { email: 'staff@riverside-university.demo', path: '/institution', heading: /Accreditation/ },
  { email: 'jordan@kindred.demo', path: '/learn', heading: /My learning/ },
];

for (const role of ROLES) {
  test(`${role.email} signs in and lands on ${role.path}`, async ({ page }) => {
    await signIn(page, role.email);
    await expect(page).toHaveURL(new RegExp(`${role.path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(role.heading);
    await signOut(page);
  });
}

test('a failed sign-in shows an error and keeps the e-mail', async ({ page }) => {
  await signIn(page, 'jordan@kindred.demo', 'wrong-password');
  await expect(page.getByRole('alert')).toContainText('do not match');
  await expect(page.getByLabel('E-mail')).toHaveValue('jordan@kindred.demo');
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a volunteer is kept out of the coordinator's page", async ({ page }) => {
  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/me\?denied=1/);
  await expect(page.getByText('That page is for a different role')).toBeVisible();
});

test('a signed-out visitor is sent to sign in and then back', async ({ page }) => {
  await page.goto('/supervise');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsupervise/);
  await page.getByLabel('E-mail').fill('supervisor.ben@kindred.demo');
  await page.getByLabel('Password').fill('kindred-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/supervise$/);
});

test('the interface switches to Spanish', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Language').selectOption('es');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Aprende');
});

test('signed-in pages work when the site is opened by its IP address', async ({
  page,
  baseURL,
}) => {
  // Regression: with the page's origin equal to the internal API address, API calls from the server
  // used to loop back into the web app until the process ran out of memory.
  const byIp = baseURL!.replace('localhost', '127.0.0.1');
  await page.goto(`${byIp}/sign-in`);
  await page.getByLabel('E-mail').fill('aisha@kindred.demo');
  await page.getByLabel('Password').fill('kindred-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${byIp}/learn`);
  await page.goto(`${byIp}/me`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  const health = await page.request.get(`${byIp}/api/health`);
  expect(health.status()).toBe(200);
});

test('on a phone the header folds its links behind Menu; the crisis link stays in view @phone', async ({
  page,
}) => {
  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: /Need support now/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'My hours' })).toBeHidden();
  // The header is short: the page's heading starts in the top fifth of the screen.
  const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(heading!.y).toBeLessThan(page.viewportSize()!.height / 5 + 60);

  await openMenu(page);
  await expect(page.getByRole('link', { name: 'My hours' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('link', { name: 'My hours' })).toBeHidden();
  await expect(menu).toBeFocused();

  await openMenu(page);
  await page.getByRole('link', { name: 'My hours' }).click();
  await expect(page).toHaveURL(/\/me\/hours$/);
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await signOut(page);
});

test('without JavaScript a phone still shows every link @phone', async ({ browser }) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 640 },
  });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Menu' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Check a certificate' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await context.close();
});
