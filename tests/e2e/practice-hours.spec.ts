import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { usDate, signIn, signOut } from './support';

/** Monday of last week and two days later: both in the past, both in the same week. */
function lastWeek(): [string, string, string] {
  const now = new Date();
  const monday = new Date(
    Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 7,
    ),
  );
  const day = (n: number) => new Date(monday.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  return [day(0), day(0), day(2)];
}

async function logHours(
  page: Page,
  date: string,
  hours: string,
  setting: string,
  category: string,
  reflection = '',
) {
  const form = page.locator('form[action="?/log"]');
  await form.getByLabel('Date').fill(date);
  await form.getByLabel('Hours').fill(hours);
  await form.getByLabel('Setting').fill(setting);
  await form.getByLabel('Category').selectOption(category);
  await form.getByLabel('Reflection (optional)').fill(reflection);
  await form.getByRole('button', { name: 'Send to my supervisor' }).click();
}

test('a volunteer logs hours, the supervisor verifies the week, the volunteer sees verified totals', async ({
  page,
}) => {
  const [weekOf, monday, wednesday] = lastWeek();

  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole('link', { name: 'My hours' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My practice hours');
  await expect(page.getByText('Never write client details here')).toBeVisible();
  await page.waitForLoadState('networkidle');

  // A phone number in the reflection is refused, naming the field and why.
  await logHours(
    page,
    monday,
    '3',
    'Drop-in centre, evening shift',
    'one-to-one',
    'Gave the caller my number 555-123-4567',
  );
  await expect(page.getByRole('alert').first()).toContainText(
    'reflection looks like it contains a phone number',
  );
  await logHours(
    page,
    monday,
    '3',
    'Drop-in centre, evening shift',
    'one-to-one',
    'Practised reflective listening',
  );
  await expect(page.getByRole('status')).toContainText('Logged');
  await logHours(page, wednesday, '2.5', 'Library outreach table', 'outreach');
  await expect(page.getByRole('status')).toContainText('Logged');
  await expect(page.getByText('Waiting for verification')).toHaveCount(2);
  await signOut(page);

  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.getByRole('link', { name: 'Practice hours' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Practice hours of my volunteers',
  );
  await expect(page.getByText('Drop-in centre, evening shift')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Week', { exact: true }).selectOption(weekOf);
  await page.getByRole('button', { name: 'Review the week' }).click();
  await expect(
    page.getByRole('heading', {
      name: `Verify 2 entries (5.5 h) of the week of ${usDate(weekOf)}?`,
    }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Yes, verify all of them' }).click();
  await expect(page.getByRole('status')).toContainText(
    `Verified 2 entries (5.5 h) of the week of ${usDate(weekOf)}`,
  );
  await expect(page.getByText('Drop-in centre, evening shift')).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole('link', { name: 'My hours' }).click();
  await expect(page.getByText(/All categories: 5\.5 (of \d+ hours|hours) verified/)).toBeVisible();
  await expect(page.getByText('Verified', { exact: true })).toHaveCount(2);
  await expect(page.locator('.hours-bar').filter({ hasText: 'One-to-one support' })).toContainText(
    '3 of 30 h',
  );
  await expect(page.locator('.hours-bar').filter({ hasText: 'Outreach' })).toContainText(
    '2.5 h verified',
  );

  // Her log as a file for her own records: both entries, verified by Ana, without the reflection.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download my hours log/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('practice-hours.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('date,hours,category,setting,status,reviewed_by,reviewed_on');
  expect(csv).toContain(
    `${monday},3,One-to-one support,"Drop-in centre, evening shift",verified,Ana`,
  );
  expect(csv).toContain(`${wednesday},2.5,Outreach,Library outreach table,verified,Ana`);
  expect(csv).not.toContain('reflective listening');
});

test('external training with an uploaded certificate is approved by a coordinator and counts', async ({
  page,
}) => {
  await signIn(page, 'aisha@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/me/ce');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My continuing education');
  await page.waitForLoadState('networkidle');
  // Ethics hours Aisha already has (modules of the ethics course passed in other specs count too)
  const ethics = page.locator('.hours-bar').filter({ hasText: 'Ethics' });
  const hoursOf = (text: string) => Number(/([\d.]+) of 3 h/.exec(text)?.[1] ?? NaN);
  const before = hoursOf(await ethics.innerText());
  expect(before).toBeGreaterThanOrEqual(0);
  const form = page.locator('form[action="?/add"]');
  await form.getByLabel('Title').fill('Ethics in peer support');
  await form.getByLabel('Provider').fill('State peer network');
  await form.getByLabel('Category').selectOption('ethics');
  await form.getByLabel('Hours').fill('3');
  await form.getByLabel('Completed on').fill('2026-10-02');
  await form.getByLabel(/Or upload a file/).setInputFiles({
    name: 'ethics-certificate.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% certificate of attendance\n'),
  });
  await form.getByRole('button', { name: 'Send for approval' }).click();
  await expect(page.getByRole('status')).toContainText('A coordinator will review it');
  await expect(page.getByRole('row', { name: /Ethics in peer support/ })).toContainText(
    'Waiting for approval',
  );
  // the status has a named column (a phone scrolls the table sideways to reach it)
  await expect(page.getByRole('columnheader', { name: 'Status' })).toBeVisible();
  await expect(page.locator('.hours-bar').filter({ hasText: 'Ethics' })).toContainText(
    '3 h waiting for approval',
  );
  await signOut(page);

  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'Training approvals' }).click();
  const entry = page.getByRole('listitem').filter({ hasText: 'Ethics in peer support' });
  await expect(entry).toContainText('Aisha');
  await expect(entry.getByRole('link', { name: /ethics-certificate\.pdf/ })).toBeVisible();
  await entry.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText('Approved');
  await signOut(page);

  await signIn(page, 'aisha@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/me/ce');
  await expect(page.getByRole('row', { name: /Ethics in peer support/ })).toContainText('Counts');
  // the approved 3 hours count: the bar says what she had plus 3
  await expect(async () =>
    expect(hoursOf(await ethics.innerText())).toBeCloseTo(before + 3, 2),
  ).toPass({ timeout: 10_000 });
});

test('the ledger pages have no serious accessibility violations', async ({ page }) => {
  const serious = async () => {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help}`);
  };
  for (const [who, home, paths] of [
    ['priya@kindred.demo', /\/learn$/, ['/me/hours', '/me/ce']],
    ['supervisor.ana@kindred.demo', /\/supervise$/, ['/supervise/hours']],
    ['coordinator@kindred.demo', /\/admin$/, ['/admin/ce']],
  ] as const) {
    await signIn(page, who);
    await expect(page).toHaveURL(home);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await serious(), path).toEqual([]);
    }
    await signOut(page);
  }
});
