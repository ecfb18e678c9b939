import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { chooseLanguage, usDate, signIn, signOut } from './support';

// The demo seed makes Tomás a provisional peer supporter 3.5 verified practice hours short of certification.

/** Monday of last week (in the past, after he became provisional). */
function lastMonday(): string {
  const now = new Date();
  return new Date(
    Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 7,
    ),
  )
    .toISOString()
    .slice(0, 10);
}

async function asTomas(page: Page) {
  await signIn(page, 'tomas@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  // another journey switches him to Spanish: choose English every time (his saved choice wins over the cookie)
  await chooseLanguage(page, 'en');
}

test('a volunteer logs hours, the supervisor verifies the week, the volunteer becomes certified, and an employer sees the new status', async ({
  page,
}) => {
  const monday = lastMonday();

  // Provisional, with the checklist for certification: only practice hours are missing.
  await asTomas(page);
  await page.goto('/me/pathway');
  await expect(
    page.getByRole('heading', { level: 2, name: 'Your stage: Provisional peer supporter' }),
  ).toBeVisible();
  await expect(page.getByTestId('pathway-status')).toHaveText('Provisional');
  const next = page.getByTestId('next-stage');
  await expect(next.getByRole('heading', { name: 'Next: Certified peer supporter' })).toBeVisible();
  await expect(next).toContainText('1 item still missing.');
  await expect(next.getByRole('progressbar', { name: 'Practice hours in total' })).toBeVisible();
  await expect(next).toContainText('68.5 of 72');
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // He logs last Monday's shift; submitted hours do not count yet.
  await page.getByRole('link', { name: 'Log practice hours' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My practice hours');
  await page.waitForLoadState('networkidle');
  const form = page.locator('form[action="?/log"]');
  await form.getByLabel('Date').fill(monday);
  await form.getByLabel('Hours').fill('4');
  await form.getByLabel('Setting').fill('Drop-in centre, evening shift');
  await form.getByLabel('Category').selectOption('one-to-one');
  await form.getByRole('button', { name: 'Send to my supervisor' }).click();
  await expect(page.getByRole('status')).toContainText('Logged');
  await page.goto('/me/pathway');
  await expect(page.getByTestId('pathway-status')).toHaveText('Provisional');
  await signOut(page);

  // His supervisor verifies the week.
  await signIn(page, 'supervisor.ben@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.getByRole('link', { name: 'Practice hours' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Week', { exact: true }).selectOption(monday);
  await page.getByRole('button', { name: 'Review the week' }).click();
  await page.getByRole('button', { name: 'Yes, verify all of them' }).click();
  await expect(page.getByRole('status')).toContainText(`of the week of ${usDate(monday)}`);
  await signOut(page);

  // The last requirement is met: certified, derived, with the renewal window ahead.
  await asTomas(page);
  await page.goto('/me/pathway');
  await expect(
    page.getByRole('heading', { level: 2, name: 'Your stage: Certified peer supporter' }),
  ).toBeVisible();
  await expect(page.getByTestId('pathway-status')).toHaveText('Current');
  await expect(page.getByText('Reached Certified peer supporter')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Next: Facilitator' })).toBeVisible();
  await signOut(page);

  // The coordinator sees him among the certified and issues the Foundations certificate.
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: /^Pathways/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pathways');
  const everyone = page.getByRole('row').filter({ hasText: 'Tomás Herrera' }).last();
  await expect(everyone).toContainText('Certified peer supporter');
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute(
    'href',
    '/api/admin/pathways/export.csv',
  );
  const adminAxe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(adminAxe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.goto('/admin/certificates');
  await page.getByLabel('Volunteer').selectOption({ label: 'Tomás Herrera (tomas@kindred.demo)' });
  await page.getByLabel('Program').selectOption({ label: 'Kindred Peer Supporter Foundations' });
  await page.getByLabel(/Reason for issuing by hand/).fill('Issued for this test');
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Certificate issued.');
  const row = page
    .getByTestId('admin-certificate')
    .filter({ hasText: 'Tomás Herrera — Kindred Peer Supporter Foundations' })
    .first();
  await row.locator('summary').click();
  const verifyUrl = await row.getByRole('link').first().getAttribute('href');
  await signOut(page);

  // An employer, with no account, opens the verification link: valid, and the holder's status is current.
  await page.goto(new URL(verifyUrl!).pathname);
  const verdict = page.getByTestId('verdict');
  await expect(verdict.getByRole('heading', { level: 2 })).toHaveText(/Valid/);
  const status = verdict.getByTestId('holder-status');
  await expect(status).toHaveAttribute('data-status', 'current');
  await expect(status).toContainText('Status on the pathway');
  await expect(status).toContainText('Certified peer supporter: Current');
});
