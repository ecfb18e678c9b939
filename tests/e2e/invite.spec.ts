import { test, expect } from '@playwright/test';
import { signIn, signOut } from './support';

test('@phone a coordinator invites a volunteer, who accepts on a phone and lands in their learning', async ({
  page,
}) => {
  const email = `new.volunteer.${Date.now()}@example.org`;
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByLabel('Name').fill('Rosa Delgado');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role').selectOption('volunteer');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation created for ${email}`);

  // No SMTP server here: the mail waits in the outbox on the coordinator's page.
  await page.reload();
  await page.getByText(`— ${email}`).first().click();
  const body = await page.getByTestId('mail-body').first().textContent();
  const link = /http:\/\/\S+\/invite\/\S+/.exec(body ?? '')?.[0];
  expect(link).toBeTruthy();
  await signOut(page);

  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole('heading', { name: 'Welcome to Kindred' })).toBeVisible();
  await page.getByLabel(/Choose a password/).fill('short');
  await page.getByLabel(/Choose a password/).evaluate((el) => el.removeAttribute('minlength'));
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByRole('alert')).toContainText('password');

  await page.getByLabel(/Choose a password/).fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My learning');

  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible();
});
