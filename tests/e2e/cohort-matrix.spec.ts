import { test, expect, type Locator, type Page } from '@playwright/test';
import { Api, newVolunteer } from '../journeys/support';
import { signIn } from './support';

// Issue 22: the cohort matrix fits a 1366 px laptop — every skill with its name, a cohort of a dozen — and
// keeps its first column (the skill) in view; on a phone the page never scrolls sideways, the table
// scrolls inside its card with that column sticky.

const PASSWORD = 'journey-password-1';
const COHORT = 12;

const pageOverflow = (page: Page) =>
  page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );

async function firstColumnSticky(wrap: Locator): Promise<void> {
  for (const cell of [wrap.locator('thead th').first(), wrap.locator('tbody th').first()])
    expect(await cell.evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
}

test('the cohort matrix fits 1366 px with a sticky first column, and never widens the page on a phone', async ({
  page,
  baseURL,
}) => {
  // A supervisor of our own with a cohort of a dozen (the demo supervisors' cohorts grow as other specs run).
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const email = `matrix.supervisor.${Date.now()}@example.org`;
  const invite = await coordinator.post<{ link: string }>('/invites', {
    email,
    name: 'Mara Matrix',
    role: 'supervisor',
    organizationId: coordinator.orgId,
  });
  const supervisor = await Api.acceptInvite(baseURL!, invite.link, PASSWORD);
  const names = [
    'Alexandra Montgomery-Fitzgerald',
    'Bo Li',
    'Chidinma Okonkwo',
    'Dmitri Volkov',
    'Esperanza Gutiérrez',
    'Finn O’Brien',
    'Guadalupe Hernández',
    'Hye-jin Park',
    'Ifeoma Adeyemi',
    'Jonas Lindqvist',
    'Kalani Akana',
    'Lucía Fernández',
  ];
  expect(names).toHaveLength(COHORT);
  for (const name of names)
    await (await newVolunteer(baseURL!, coordinator, name, email)).dispose();

  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/supervise$/);
  await page.goto('/supervise/competencies');
  const wrap = page.locator('.matrix-card .table-wrap');
  await expect(wrap.locator('a[href^="/supervise/volunteers/"]')).toHaveCount(COHORT);
  await expect(wrap.locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/cohort-matrix-1366.png', fullPage: true });
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  // It fits: nothing to scroll inside its card either, and every column is on the screen.
  expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const table = (await wrap.locator('table').boundingBox())!;
  expect(table.x).toBeGreaterThanOrEqual(0);
  expect(table.x + table.width).toBeLessThanOrEqual(1366);
  await firstColumnSticky(wrap);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(wrap.locator('tbody tr').first()).toBeVisible();
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  await firstColumnSticky(wrap);
  const skill = wrap.locator('tbody th').first();
  const before = (await skill.boundingBox())!.x;
  await wrap.evaluate((el) => el.scrollBy(600, 0));
  await expect.poll(() => wrap.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(Math.abs((await skill.boundingBox())!.x - before)).toBeLessThan(2);
  await page.screenshot({ path: 'test-results/cohort-matrix-390.png', fullPage: true });
  await Promise.all([coordinator.dispose(), supervisor.dispose()]);
});
