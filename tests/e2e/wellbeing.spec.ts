import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@playwright/test';
import { signIn, signOut } from './support';

interface DrillRow {
  id: string;
  contentNote: string | null;
  attempts: { id: string; status: string }[];
}

test('@phone after a hard drill a volunteer checks in privately and asks for a debrief; the supervisor sees only the ask and marks it held', async ({
  page,
}) => {
  const NOTE = `Kept thinking about it on the bus (${Date.now()})`;
  await signIn(page, 'grace@kindred.demo');
  await expect(page).toHaveURL(/\/learn/);
  // A finished attempt at a drill with a content note (Grace's passed drills are in the demo seed).
  const drills = (await (await page.request.get('/api/drills')).json()) as DrillRow[];
  const hard = drills.find((d) => d.contentNote && d.attempts.some((a) => a.status === 'finished'));
  expect(hard).toBeTruthy();
  const attempt = hard!.attempts.find((a) => a.status === 'finished')!;
  await page.goto(`/learn/drills/${hard!.id}/debrief/${attempt.id}`);
  await expect(page.getByText(/This scenario can be hard to sit with/)).toBeVisible();
  await page.getByRole('link', { name: 'Check in privately' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'How are you doing?' })).toBeVisible();
  await expect(page.getByText(/That drill had a hard scenario/)).toBeVisible();
  await page
    .getByRole('group', { name: 'How heavy does the work feel right now?' })
    .getByLabel('4 · Heavy')
    .check();
  await page
    .getByRole('group', { name: 'How have you been sleeping?' })
    .getByLabel('2 · Not well')
    .check();
  await page
    .getByRole('group', { name: 'Do you have someone to talk to about it?' })
    .getByLabel('Not sure')
    .check();
  await page.getByLabel('A note to yourself (optional)').fill(NOTE);
  await page.getByLabel('I’d like a debrief').check();
  await page.getByLabel('How soon?').selectOption('days');
  await page.getByRole('button', { name: 'Save my check-in' }).click();

  await expect(page).toHaveURL(/\/me\/wellbeing\?saved=debrief/);
  await expect(page.getByRole('status')).toContainText('asked to schedule a debrief');
  await expect(page.getByRole('img', { name: /Chart of your check-ins/ })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(NOTE.replace(/[()]/g, '\\$&')) });
  await expect(row.getByRole('cell').nth(2)).toHaveText('4');
  await expect(row.getByRole('cell').nth(3)).toHaveText('2');
  await expect(page.getByText(/waiting to be scheduled/)).toBeVisible();
  await expect(page.getByText(/press 2, or text AYUDA to 988/)).toBeVisible();
  await signOut(page);

  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await page.getByRole('link', { name: /Debriefs to schedule/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Debriefs to schedule' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: 'Grace Mensah' });
  await expect(item).toContainText(/Asked \d+ (minutes?|hours?) ago/);
  await expect(item).toContainText('Would like it within a couple of days');
  // Nothing of the check-in reaches the supervisor.
  expect(await page.content()).not.toContain(NOTE);
  await item.locator('summary', { hasText: 'Mark held' }).click();
  await item.getByLabel(/Private notes/).fill('Talked through the scenario; follow up next week.');
  await item.getByRole('button', { name: 'Mark held' }).click();
  await expect(page.getByRole('status')).toContainText('Debrief marked held');
  await expect(page.getByRole('listitem').filter({ hasText: 'Grace Mensah' })).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'grace@kindred.demo');
  await expect(page).toHaveURL(/\/learn/);
  await page.goto('/me/wellbeing');
  await expect(page.getByRole('region', { name: 'My debrief requests' })).toContainText(
    /—\s+held \w+/,
  );
});

test('the wellbeing pages have no serious accessibility violations', async ({ page }) => {
  const serious = async () => {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help}`);
  };
  for (const [who, home, paths] of [
    ['grace@kindred.demo', /\/learn/, ['/me/wellbeing/check-in?occasion=drill', '/me/wellbeing']],
    ['supervisor.ana@kindred.demo', /\/supervise$/, ['/supervise/debriefs']],
    ['coordinator@kindred.demo', /\/admin$/, ['/admin/wellbeing']],
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
