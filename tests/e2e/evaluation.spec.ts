import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseLanguage, openMenu, signIn } from './support';

// Issue 20, program evaluation: the coordinator opens it from the menu on a phone, reads the funnel as a
// chart and a table (an invitation sent now is counted at once), opens the help, downloads the CSV, and
// reads the page in Spanish. Nothing scrolls sideways at 390 px.
test.use({ viewport: { width: 390, height: 844 } });

const invitedCell = (page: Page) =>
  page.locator('[data-testid="ev-funnel"] tr[data-step="invited"] [data-stat="reached"]');

test('@phone the coordinator reads the funnel, its help and its CSV, in English and Spanish', async ({
  page,
}, info) => {
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await openMenu(page);
  await page.getByRole('link', { name: 'Evaluation', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Program evaluation');
  // the demo program has six volunteers: enough to be shown
  const before = Number(await invitedCell(page).textContent());
  expect(before).toBeGreaterThanOrEqual(5);

  // an invitation sent now is one more person invited
  const stamp = Date.now();
  await page.goto('/admin');
  await page.getByLabel('Name').fill(`Evaluation Invitee ${stamp}`);
  await page.getByLabel('E-mail').fill(`evaluation.${stamp}@example.org`);
  await page.getByLabel('Role').selectOption('volunteer');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText('Invitation created');
  await page.getByRole('link', { name: 'Program evaluation' }).click();
  await expect(invitedCell(page)).toHaveText(String(before + 1));

  // every step is a number or withheld; the four charts are drawn; the rule is stated
  const funnel = page.getByTestId('ev-funnel');
  await expect(funnel.locator('tr[data-step]')).toHaveCount(10);
  for (const cell of await funnel.locator('tbody [data-stat="reached"]').all())
    await expect(cell).toHaveText(/^(\d+|fewer than 5)$/);
  // the funnel and the hours always have a chart; retention and turnaround one, or a sentence saying
  // there is nothing to draw yet
  await expect(funnel.locator('svg.chart')).toBeVisible();
  await expect(page.getByTestId('ev-hours').locator('svg.chart')).toBeVisible();
  await expect(
    page.getByTestId('ev-retention').locator('svg.chart, [data-testid="ev-retention-none"]'),
  ).toBeVisible();
  await expect(page.getByTestId('ev-rule')).toContainText('fewer than 5 people');
  await funnel.getByText('How this is worked out').click();
  await expect(funnel.getByText(/A person counts at a step once they reached it/)).toBeVisible();
  const sideways = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(sideways).toBeLessThanOrEqual(0);
  // the funnel's table fits the phone too, without scrolling inside its box
  const inside = await funnel
    .locator('.table-wrap')
    .first()
    .evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(inside).toBeLessThanOrEqual(0);
  // the month table has 11 columns: it scrolls inside its own box (never the page)
  const months = funnel.locator('.table-wrap').nth(1);
  if (await months.count()) {
    expect(await months.evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto');
    const box = await months.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  }
  // before and after: the section, its rule and its CSV
  await expect(page.getByTestId('ev-learning').getByRole('heading', { level: 2 })).toHaveText(
    'Before and after: how sure volunteers feel',
  );
  await expect(page.getByTestId('ev-csv-learning')).toBeVisible();
  await page.screenshot({ path: info.outputPath('evaluation-390.png'), fullPage: true });
  for (const id of ['ev-funnel', 'ev-retention', 'ev-turnaround', 'ev-learning', 'ev-hours'])
    await page.getByTestId(id).screenshot({ path: info.outputPath(`${id}-390.png`) });

  // the CSV carries the same numbers
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('ev-csv-funnel').click(),
  ]);
  expect(download.suggestedFilename()).toBe('evaluation-funnel.csv');
  const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe(
    'cohort,step,reached,share_of_invited,median_days_from_previous,stopped_here',
  );
  expect(csv[1]).toMatch(new RegExp(`^all,invited,${String(before + 1)},1,,`));

  // in Spanish
  await chooseLanguage(page, 'es');
  await page.goto('/admin/evaluation');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evaluación del programa');
  await expect(funnel.locator('tr[data-step="invited"] th')).toHaveText('Invitadas');
  await expect(page.getByRole('link', { name: 'Descargar en CSV' })).toHaveCount(5);
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
  // the funnel's four columns fit the phone in Spanish too, without scrolling inside their box
  expect(
    await funnel
      .locator('.table-wrap')
      .first()
      .evaluate((el) => el.scrollWidth - el.clientWidth),
  ).toBeLessThanOrEqual(0);
  // the before and after names the course and its competencies in Spanish
  const learning = page.getByTestId('ev-learning');
  await expect(
    learning.getByRole('heading', { level: 3, name: 'Humildad cultural' }),
  ).toBeVisible();
  await expect(
    learning.getByRole('rowheader', { name: 'Reflexión y autocrítica durante toda la vida' }),
  ).toBeVisible();
  await learning.screenshot({ path: info.outputPath('ev-learning-es-390.png') });
  await page.screenshot({ path: info.outputPath('evaluation-es-390.png'), fullPage: true });
  await chooseLanguage(page, 'en');
});
