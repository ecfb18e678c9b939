import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { loadContent } from '@kindred/courses';
import { signIn } from './support';

// Issue 16, "coordinators see coverage per language": the coordinator's page says how far each language
// has come (a chart, with its numbers as a table) and which translations are behind their English. On a
// phone, as the rest of the program pages.
test.use({ viewport: { width: 390, height: 844 } });

const catalog = loadContent(fileURLToPath(new URL('../../courses', import.meta.url)));

test('a coordinator sees the translation coverage per language and per module, numbers as in the content', async ({
  page,
}, info) => {
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Translations' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Translations of the courses');

  for (const c of catalog.coverage) {
    const section = page.locator(`[data-testid="language"][data-lang="${c.lang}"]`);
    await expect(section.getByRole('heading', { level: 2 })).toHaveText('Spanish');
    for (const [kind, n] of [
      ['modules', c.modules],
      ['coursePages', c.coursePages],
      ['drills', c.drills],
    ] as const)
      await expect(section.locator(`tr[data-kind="${kind}"] td`).first()).toHaveText(
        `${n.translated} of ${n.total}`,
      );
    await expect(section.locator('tr[data-kind="framework"] td')).toHaveText(
      c.framework.translated ? (c.framework.stale ? /behind/ : 'translated') : 'not translated',
    );
  }
  // every module has a row, each language's state named in words
  const first = catalog.courses[0].modules[0];
  const row = page.locator(`tr[data-module="${first.id}"]`);
  await expect(row.getByRole('rowheader')).toHaveText(first.title);
  await expect(row.locator('td')).toHaveText(
    catalog.coverage.map((c) =>
      catalog.courses[0].translations[c.lang]?.modules[first.id]
        ? /Translated|Behind the English/
        : 'Not yet',
    ),
  );
  await expect(page.locator('tr[data-module]')).toHaveCount(
    catalog.courses.reduce((n, c) => n + c.modules.length, 0),
  );
  // nothing scrolls sideways on a phone
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.screenshot({ path: info.outputPath('translations-390.png'), fullPage: true });
});

test('a volunteer cannot open the translation page', async ({ page }) => {
  await signIn(page, 'aisha@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/admin/translations');
  await expect(page).toHaveURL(/\/me\?denied=1$/);
});
