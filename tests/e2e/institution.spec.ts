import { test, expect } from '@playwright/test';
import { Api, newVolunteer } from '../journeys/support';
import { signIn } from './support';

test('university staff select all, or approve every completion shown in one go', async ({
  page,
  baseURL,
}) => {
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const names = ['Batch Alpha', 'Batch Beta', 'Batch Gamma'];
  const holders: string[] = [];
  for (const name of names) {
    const volunteer = await newVolunteer(
      baseURL!,
      coordinator,
      name,
      'supervisor.ben@kindred.demo',
    );
    const r = await coordinator.post<{ state: string }>(
      `/organizations/${coordinator.orgId}/certificates`,
      { holderUserId: volunteer.user.id, program: 'accredited-peer-supporter' },
    );
    expect(r.state).toBe('pending');
    holders.push(volunteer.user.id);
  }

  await signIn(page, 'staff@riverside-university.demo');
  await expect(page).toHaveURL(/\/institution$/);
  await page.waitForLoadState('networkidle');
  const rows = await page.getByRole('checkbox', { name: /^Select: / }).count();
  expect(rows).toBeGreaterThanOrEqual(3);

  // "Select all" ticks every row and the button counts them; unticking clears them.
  await page.getByRole('checkbox', { name: 'Select all' }).check();
  await expect(
    page.getByRole('checkbox', { name: /^Select: / }).and(page.locator(':checked')),
  ).toHaveCount(rows);
  await expect(page.getByRole('button', { name: `Approve the selected (${rows})` })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all' }).uncheck();
  await expect(
    page.getByRole('checkbox', { name: /^Select: / }).and(page.locator(':checked')),
  ).toHaveCount(0);

  // "Approve all" approves exactly what the page showed, signed in one go.
  await page.getByRole('button', { name: `Approve all ${rows}` }).click();
  await expect(page.getByRole('status')).toHaveText(`${rows} certificate(s) approved and issued.`);
  await expect(page.getByText('No completions are waiting for your review')).toBeVisible();
  const { certificates } = await coordinator.get<{
    certificates: { holderName: string; programSlug: string; state: string }[];
  }>(`/organizations/${coordinator.orgId}/certificates`);
  for (const name of names) {
    expect(
      certificates.filter(
        (c) =>
          c.holderName === name &&
          c.programSlug === 'accredited-peer-supporter' &&
          c.state === 'active',
      ),
      name,
    ).toHaveLength(1);
  }
});
