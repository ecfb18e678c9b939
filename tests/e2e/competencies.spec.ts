import { test, expect, type Page } from '@playwright/test';
import { signIn, signOut, usDate } from './support';

const row = (page: Page) => page.getByTestId('competency-PEER.3');

async function scoreAll(page: Page, level: string) {
  await page.waitForLoadState('networkidle'); // hydrated: nothing resets the choices afterwards
  for (const radio of await page.locator(`input[type="radio"][value="${level}"]`).all()) {
    await radio.check();
    await expect(radio).toBeChecked();
  }
}

test('a volunteer requests sign-off, the supervisor asks for practice, the volunteer resubmits and is signed off', async ({
  page,
}) => {
  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole('link', { name: 'See my competency map' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My competencies');
  await expect(row(page).getByTestId('level')).toHaveText('Not yet');
  await page.getByRole('combobox', { name: 'Competency' }).selectOption('PEER.3');
  await page
    .getByLabel('Reflection (optional)')
    .fill('I shared my story briefly and turned back to the caller.');
  await page
    .getByLabel('Prior learning to count (optional)')
    .fill('Peer storytelling workshop, 2024');
  await page.getByRole('button', { name: 'Request sign-off' }).click();
  await expect(page.getByRole('status')).toContainText('supervisor’s queue');
  await expect(row(page).getByTestId('request-status')).toContainText(
    'Waiting for your supervisor',
  );
  await signOut(page);

  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.goto('/supervise/competencies');
  await expect(page.getByRole('table')).toContainText('Jordan Reyes');
  await page.getByRole('link', { name: /Review: Jordan Reyes · PEER\.3/ }).click();
  await expect(page.getByTestId('evidence')).toContainText('Peer storytelling workshop, 2024');
  await expect(page.getByText('I shared my story briefly')).toBeVisible();
  await scoreAll(page, 'developing');
  await page.getByLabel('Level').selectOption('developing');
  await page.getByLabel('Comment').fill('A good start; keep the focus on the caller.');
  await page.getByLabel(/What to practice/).fill('Keep self-disclosure under a minute');
  await page.getByRole('button', { name: 'Ask for more practice' }).click();
  await expect(page.getByRole('status')).toContainText('Decision saved');
  await signOut(page);

  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/competencies');
  await expect(row(page).getByTestId('request-status')).toContainText('More practice asked');
  await expect(row(page).getByTestId('request-status')).toContainText(
    'Keep self-disclosure under a minute',
  );
  await page.getByRole('combobox', { name: 'Competency' }).selectOption('PEER.3');
  await page.getByLabel('Reflection (optional)').fill('Practiced short disclosures in two drills.');
  await page.getByRole('button', { name: 'Request sign-off' }).click();
  await expect(row(page).getByTestId('request-status')).toContainText(
    'Waiting for your supervisor',
  );
  await signOut(page);

  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.goto('/supervise/competencies');
  await page.getByRole('link', { name: /Review: Jordan Reyes · PEER\.3/ }).click();
  await scoreAll(page, 'proficient');
  await page.getByLabel('Level').selectOption('proficient');
  await page.getByLabel('Comment').fill('Brief, purposeful sharing.');
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByRole('status')).toContainText('Decision saved');
  await page.goto('/supervise/competencies');
  await expect(page.getByRole('table')).toContainText('Proficient');
  await signOut(page);

  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/competencies');
  await expect(row(page).getByTestId('level')).toHaveText('Proficient');
  await expect(row(page).getByTestId('request-status')).toContainText('Signed off');
  await expect(row(page)).toContainText('Valid until');
});

test('the public competency page shows the description, behaviors and rubric without signing in', async ({
  page,
}) => {
  await page.goto('/competencies/PEER.1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('PEER.1');
  await expect(page.getByRole('heading', { name: 'How a supervisor rates it' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Proficient' })).toBeVisible();
});

test('a volunteer reads the supervision log their supervisor keeps with them, and nobody else’s', async ({
  page,
}) => {
  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.goto('/supervise/competencies');
  await page.getByRole('link', { name: 'Priya Natarajan' }).click();
  await page.waitForLoadState('networkidle');
  await page.locator('select[name="kind"]').selectOption('debrief');
  await page.getByLabel('Date').fill('2026-03-02');
  await page.getByLabel(/Topics/).fill('a long night shift, sleep');
  await page.getByLabel(/Wellbeing/).fill('2');
  await page
    .getByLabel('Notes shared with the volunteer')
    .fill('Priya will try shorter shifts for a month.');
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByText('Priya will try shorter shifts for a month.')).toBeVisible();
  await signOut(page);

  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/me');
  await page.getByRole('link', { name: 'My supervision log' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My supervision log');
  const entry = page.locator('article', { hasText: usDate('2026-03-02') });
  await expect(entry).toContainText('Debrief');
  await expect(entry).toContainText('Ana');
  await expect(entry).toContainText('a long night shift, sleep');
  await expect(entry).toContainText('2/5');
  await expect(entry).toContainText('Priya will try shorter shifts for a month.');
  await expect(page.locator('form')).toHaveCount(2); // sign-out and language only: the log is read-only
  await signOut(page);

  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/me/supervision');
  await expect(page.getByText('Priya will try shorter shifts for a month.')).toHaveCount(0);
});
