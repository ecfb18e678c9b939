import { test, expect, type Page } from '@playwright/test';
import { openMenu, signIn } from './support';
import { Api, newVolunteer } from '../journeys/support';

// A volunteer's evening on a phone (issue 22, "Volunteer"): where to start, one progress, reading with a
// break in reach, honest drills, a certificate link to hand on, skills always named.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const fits = async (page: Page) =>
  expect(
    await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
    `${page.url()} scrolls sideways`,
  ).toBeLessThanOrEqual(0);

/** No competency code on the page without its name right after it (e.g. "DEESC.3 Naming the feeling"). */
const bareCodes = (page: Page) =>
  page.evaluate<string[]>(
    `[...document.body.innerText.matchAll(/\\b(PEER|DEESC|TIC|CH)\\.\\d+\\b(?![ ·:]+\\p{Lu})/gu)].map((m) => m[0])`,
  );

test('a new volunteer is told where to start tonight, and every part of learning is in the menu', async ({
  page,
  baseURL,
}) => {
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const fresh = await newVolunteer(
    baseURL!,
    coordinator,
    'Evening Newcomer',
    'supervisor.ana@kindred.demo',
  );
  await Promise.all([coordinator.dispose(), fresh.dispose()]);
  await signIn(page, fresh.user.email, 'journey-password-1');
  await expect(page).toHaveURL(/\/learn$/);

  const tonight = page.getByRole('region', { name: 'Start here' });
  await expect(tonight).toBeVisible();
  await expect(tonight).toContainText('Peer roles and boundaries');
  await expect(tonight).toContainText('module 1 of 4 · 25 min');
  await expect(tonight).toContainText('Counts toward: Provisional peer supporter');
  await expect(tonight).toContainText('Kindred Peer Supporter Foundations');
  // it comes before everything else on the page
  const box = await tonight.boundingBox();
  expect(box!.y).toBeLessThan(400);
  await expect(page.getByText('You have not started a course yet')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/evening/start-here.png', fullPage: true });
  await fits(page);

  await openMenu(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [name, href] of [
    ['My learning', '/learn'],
    ['Practice drills', '/learn/drills'],
    ['My skills map', '/learn/competencies'],
    ['My pathway', '/me/pathway'],
    ['My hours', '/me/hours'],
    ['My certificates', '/learn/certificates'],
  ])
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);

  await tonight.getByRole('link', { name: 'Start: What a peer supporter does' }).click();
  await expect(page).toHaveURL(/\/learn\/modules\/peer-01/);
});

// Tomás chose Spanish (the demo seed), so his page names the courses in Spanish.
test('Tomás sees in My learning the three courses his pathway counts as done', async ({ page }) => {
  await signIn(page, 'tomas@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByText('Todavía no empezaste un curso')).toHaveCount(0);
  for (const course of [
    'Roles y límites en el apoyo entre pares',
    'Desescalada de crisis',
    'Atención informada sobre el trauma',
  ])
    await expect(page.getByRole('progressbar', { name: course }).first()).toHaveAttribute(
      'value',
      '100',
    );
  // tonight's step is the one course left
  await expect(page.getByRole('region', { name: 'Esta noche' })).toContainText('Humildad cultural');
  await fits(page);
});

test('Take a break stays in reach while reading, with how much has been read', async ({
  page,
  baseURL,
}) => {
  // someone new: reading saves a place and enrolls, which the demo people's own tests do not expect
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const reader = await newVolunteer(
    baseURL!,
    coordinator,
    'Evening Reader',
    'supervisor.ana@kindred.demo',
  );
  await Promise.all([coordinator.dispose(), reader.dispose()]);
  await signIn(page, reader.user.email, 'journey-password-1');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/modules/peer-02?ready=1');
  await page.waitForLoadState('networkidle');
  const read = page.getByRole('progressbar', { name: 'Read so far' });
  const start = Number(await read.getAttribute('value'));
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight * 0.6)');
  await expect(page.getByRole('button', { name: 'Take a break' })).toBeInViewport();
  await expect.poll(async () => Number(await read.getAttribute('value'))).toBeGreaterThan(start);
  await page.screenshot({ path: 'test-results/evening/reading.png' });
  await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
  await expect(page.getByRole('button', { name: 'Take a break' })).toBeInViewport();
  await expect.poll(async () => Number(await read.getAttribute('value'))).toBe(100);
  await fits(page);
  // it still saves the heading reached
  await page.getByRole('button', { name: 'Take a break' }).click();
  await expect(page.getByRole('heading', { name: 'Taking a break' })).toBeVisible();
});

test('a drill says honestly how many decisions it takes, and skills are named wherever they show', async ({
  page,
}) => {
  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/drills/deesc-library-01');
  await expect(page.getByText(/\d+ (to \d+ )?decisions/)).toBeVisible();
  await expect(page.getByText(/up to \d+ decisions/)).toHaveCount(0);
  expect(await bareCodes(page)).toEqual([]);
  await fits(page);
  for (const path of ['/learn/courses/crisis-de-escalation', '/learn/competencies']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await bareCodes(page), path).toEqual([]);
    await fits(page);
  }
});

test('a certificate link is copied in one tap', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await signIn(page, 'grace@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/certificates');
  await page.waitForLoadState('networkidle');
  const card = page.getByTestId('certificate').first();
  const url = await card.getByLabel('Link to send an employer').inputValue();
  expect(url).toMatch(/\/verify\/[0-9a-f-]{36}$/);
  await card.getByRole('button', { name: 'Copy link' }).click();
  await expect(card.getByRole('status')).toHaveText('Link copied.');
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(url);
  await page.screenshot({ path: 'test-results/evening/certificate.png', fullPage: true });
  await fits(page);
});
