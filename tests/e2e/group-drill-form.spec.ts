import { test, expect } from '@playwright/test';
import { signIn } from './support';

test.describe('the group-drill form on a phone @phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('keeps everything typed after a validation error, names every problem in words at once, and the next submit goes through', async ({
    page,
  }) => {
    await signIn(page, 'coordinator@kindred.demo');
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto('/drill-sessions/new');
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Scenario title').fill('Phone form tabletop');
    await page.getByLabel('Kind', { exact: true }).selectOption('field');
    await page.getByLabel('Date and time').fill('2031-05-20T18:30');
    await page.getByLabel('Length in minutes').fill('45');
    // no place and no video link; the second inject line is malformed
    const injects = '5: A bystander starts filming\nthe caller hangs up\n15: A second caller';
    await page.getByLabel(/^Injects/).fill(injects);
    await page.getByLabel('Jordan Reyes').selectOption('caller');
    await page.getByLabel('Priya Natarajan').selectOption('observer');
    await page.getByRole('button', { name: 'Schedule and invite' }).click();

    const alert = page.getByRole('alert');
    await expect(alert).toHaveText('Please check: Place; Injects');
    await expect(alert).not.toContainText('videoUrl');
    // (the field's own error is read with it: it sits in its label and describes it)
    const place = page.locator('input[name="place"]');
    await expect(place).toHaveAttribute('aria-invalid', 'true');
    await expect(place).toHaveAttribute('aria-describedby', 'err-place');
    await expect(page.locator('#err-place')).toHaveText('Give a place or a video link');
    await expect(page.locator('#err-injects')).toHaveText(
      'Line 2 should look like “20: what happens”',
    );
    // nothing typed was lost
    await expect(page.getByLabel('Scenario title')).toHaveValue('Phone form tabletop');
    await expect(page.getByLabel('Kind', { exact: true })).toHaveValue('field');
    await expect(page.getByLabel('Date and time')).toHaveValue('2031-05-20T18:30');
    await expect(page.getByLabel('Length in minutes')).toHaveValue('45');
    await expect(page.getByLabel(/^Injects/)).toHaveValue(injects);
    await expect(page.getByLabel('Jordan Reyes')).toHaveValue('caller');
    await expect(page.getByLabel('Priya Natarajan')).toHaveValue('observer');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: 'test-results/group-drill-form-error-390.png' });

    // Fixing what was named is enough: the next submit schedules it.
    await place.fill('Eastside library, room 2');
    await page
      .getByLabel(/^Injects/)
      .fill('5: A bystander starts filming\n10: The caller hangs up\n15: A second caller');
    await page.getByRole('button', { name: 'Schedule and invite' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Phone form tabletop' }),
    ).toBeVisible();
    await expect(page.getByText('Eastside library, room 2')).toBeVisible();
  });
});
