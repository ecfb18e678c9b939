import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { signIn } from './support';

test('a coordinator schedules a group drill, runs its injects and scores a participant', async ({
  page,
}) => {
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'Group drills' }).click();
  await page.getByRole('link', { name: 'Schedule a group drill' }).click();

  await page.getByLabel('Scenario title').fill('Bus stop tabletop');
  await page.getByLabel('Kind', { exact: true }).selectOption('tabletop');
  await page.getByLabel(/^Drill/).selectOption({ label: 'Raised voices at the library desk' });
  await page.getByLabel('Date and time').fill('2031-03-14T18:30');
  await page.getByLabel('Length in minutes').fill('45');
  await page.getByLabel('Place', { exact: true }).fill('Eastside library, room 2');
  await page
    .getByLabel(/^Injects/)
    .fill('5: A bystander starts filming\n15: The man says he has nothing left to live for');
  await page.getByLabel('Jordan Reyes').selectOption('caller');
  await page.getByLabel('Priya Natarajan').selectOption('responder');
  await page.getByRole('button', { name: 'Schedule and invite' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Bus stop tabletop' })).toBeVisible();
  await expect(page.getByText('Eastside library, room 2')).toBeVisible();
  const ics = await page.request.get(
    (await page
      .getByRole('link', { name: 'Add to my calendar (.ics)' })
      .getAttribute('href')) as string,
  );
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('SUMMARY:Kindred tabletop drill: Bus stop tabletop');

  // Facilitator mode: injects in order, a running timer, notes.
  await expect(page.getByText('minute 5: A bystander starts filming')).toBeVisible();
  await page.getByRole('button', { name: 'Release the next inject' }).click();
  await expect(page.getByText(/Elapsed: 0:\d\d/)).toBeVisible();
  await expect(
    page.getByRole('listitem').filter({ hasText: 'minute 5: A bystander starts filming' }),
  ).toBeVisible();
  await page
    .getByRole('textbox', { name: 'What the team did' })
    .fill('Jordan named the tier out loud.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Marisol Ortega: Jordan named the tier out loud.')).toBeVisible();

  // Observer rating on the rubric of the drill's competencies.
  await page.getByText('Rate Jordan Reyes').click();
  const rating = page.locator('details', { hasText: 'Rate Jordan Reyes' });
  await rating.getByLabel('Reading the setting').selectOption('proficient');
  await rating.getByRole('button', { name: 'Save rating' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('listitem').filter({ hasText: 'Jordan Reyes' })).toContainText(
    /rated: DEESC\.1 proficient/,
  );

  await page.getByLabel(/A short record/).fill('Good handover; practise the Tier 2 script.');
  await page.getByRole('button', { name: 'Save the debrief and close' }).click();
  await expect(page.getByText('Good handover; practise the Tier 2 script.')).toBeVisible();
  await expect(page.getByText('closed', { exact: true })).toBeVisible();

  // The invitation with its calendar file waits in the outbox.
  await page.goto('/admin');
  await page.getByText('Group drill: Bus stop tabletop — jordan@kindred.demo').click();
  const invitation = page.locator('details', { hasText: 'Your role: caller' });
  await expect(invitation.getByTestId('mail-body')).toContainText('kindred-drill.ics');
  const download = page.waitForEvent('download');
  await invitation.getByRole('link', { name: 'kindred-drill.ics' }).click();
  const file = await (await download).path();
  expect(readFileSync(file, 'utf8')).toMatch(
    /^BEGIN:VCALENDAR\r\n[\s\S]*UID:drill-session-[0-9a-f-]+@kindred\r\n/,
  );
});
