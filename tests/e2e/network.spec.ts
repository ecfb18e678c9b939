import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { signIn, signOut } from './support';

/** Issue 21: the public map of where the network reaches (the demo city, Riverside). */

const row = (page: Page, area: string) =>
  page.getByRole('row', { name: new RegExp(`^${area}\\b`) });

test.describe('@phone the public map at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('needs no account, fits the phone, is keyboard-reachable and has its table', async ({
    page,
  }) => {
    await page.goto('/network');
    await expect(page.getByRole('heading', { level: 1, name: 'Where we reach' })).toBeVisible();
    await expect(page.getByText(/a number from fewer than 5 people is not shown/)).toBeVisible();
    const map = page.getByRole('group', { name: /Map of the neighbourhoods of Riverside/ });
    await expect(map.getByRole('link')).toHaveCount(9);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );

    // the table says the same as the map: 9 neighbourhoods and the city's total
    const table = page.getByRole('table');
    await expect(table.getByRole('row')).toHaveCount(11);
    await expect(row(page, 'Millbrook')).toContainText('at goal');
    await expect(row(page, 'Eastbank')).toContainText('fewer than 5');

    // Tab from the top reaches the first area of the map; Enter lands on its row of the table
    await page.keyboard.press('Tab');
    for (let i = 0; i < 30; i++) {
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      if (label?.startsWith('Millbrook')) break;
      await page.keyboard.press('Tab');
    }
    await expect(map.getByRole('link', { name: /^Millbrook:/ })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(map.getByRole('link', { name: /^Northgate:/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#area-RV-02$/);
    await expect(page.locator('#area-RV-02')).toBeFocused();

    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test('a volunteer opts in and sets their areas; the public map shows it at the next load, and the opt-out too', async ({
  page,
}) => {
  await page.goto('/network');
  // Northgate: 7 fictional volunteers of the demo, shown rounded to 5
  await expect(row(page, 'Northgate').getByRole('cell').nth(1)).toHaveText('5');

  await signIn(page, 'jordan@kindred.demo');
  await expect(page).toHaveURL(/\/learn/);
  await page.goto('/me');
  await page.getByRole('link', { name: /Where I reach/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Where I reach' })).toBeVisible();
  await expect(page.getByText('You are not counted in the public figures.')).toBeVisible();
  const areas = page.getByRole('group', { name: 'Neighbourhoods I serve' });
  await areas.getByLabel('Northgate').check();
  await areas.getByLabel('Eastbank').check();
  await page.getByLabel('Languages I support people in').fill('en, es');
  await page.getByLabel(/Count me in the public figures/).check();
  await page.getByRole('button', { name: 'Save where I reach' }).click();
  await expect(page.getByText('You are counted in the public figures.')).toBeVisible();

  await page.goto('/network');
  // 8 now: rounded to 10
  await expect(row(page, 'Northgate').getByRole('cell').nth(1)).toHaveText('10');

  await page.goto('/me/reach');
  await page.getByLabel(/Count me in the public figures/).uncheck();
  await page.getByRole('button', { name: 'Save where I reach' }).click();
  await expect(page.getByText('You are not counted in the public figures.')).toBeVisible();
  await page.goto('/network');
  await expect(row(page, 'Northgate').getByRole('cell').nth(1)).toHaveText('5');

  // a language that is not a tag is refused next to its field, and what was typed stays
  await page.goto('/me/reach');
  await page.getByLabel('Languages I support people in').fill('Spanish');
  await page.getByRole('button', { name: 'Save where I reach' }).click();
  await expect(page.getByText(/languages must be language tags/)).toBeVisible();
  await expect(page.getByLabel('Languages I support people in')).toHaveValue('Spanish');
  await signOut(page);
});

test('the coordinator sees the gaps and downloads gaps.csv; a bad file is refused at its line', async ({
  page,
}) => {
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Network map and gaps' }).click();
  await expect(
    page.getByText(/Current map: riverside-areas\.geojson, 9 neighbourhoods/),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: /^Eastbank/ })).toContainText(
    'no certified volunteer',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download the gaps/ }).click();
  expect((await download).suggestedFilename()).toBe('gaps.csv');

  await page.getByLabel('Neighbourhoods (GeoJSON)').setInputFiles({
    name: 'broken.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(
      '{\n  "type": "FeatureCollection",\n  "features": [\n    { "type": "Feature" }\n  ]\n}\n',
    ),
  });
  await page.getByRole('button', { name: 'Upload the map' }).click();
  await expect(page.getByRole('alert')).toContainText('broken.geojson:4:');
  // the map is still the one uploaded before
  await expect(page.getByText(/Current map: riverside-areas\.geojson/)).toBeVisible();
  await signOut(page);
});
