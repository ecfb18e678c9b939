import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { answerCheck, signIn } from './support';

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.describe('no serious or critical accessibility violations', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'priya@kindred.demo');
    await expect(page).toHaveURL(/\/learn$/, { timeout: 20_000 });
  });

  test('the catalog', async ({ page }) => {
    await page.goto('/learn');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/learn/courses/crisis-de-escalation');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a module page and its content note', async ({ page }) => {
    await page.goto('/learn/modules/deesc-02');
    await expect(page.getByRole('heading', { name: 'Before you begin' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('/learn/modules/deesc-02?ready=1');
    await expect(page.getByRole('heading', { level: 1, name: 'Safety first' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a knowledge check and its results', async ({ page }) => {
    await page.goto('/learn/modules/deesc-02/check');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('fieldset').first().getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    // the questions left unanswered are named (nothing graded)
    await expect(page.getByRole('alert')).toContainText('Answer every question first');
    expect(await seriousViolations(page)).toEqual([]);
    // all wrong: the results page without a pass (a pass would write evidence for this demo person)
    await answerCheck(page, 'deesc-02', 99);
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.getByRole('status')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
