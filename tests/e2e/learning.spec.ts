import { test, expect, type Page } from '@playwright/test';
import { signIn } from './support';

const overall = (page: Page) => page.getByRole('progressbar', { name: 'All my courses' });

test('a volunteer enrolls, reads, fails then passes a knowledge check, sees progress move, takes a break and resumes', async ({
  page,
}) => {
  await signIn(page, 'aisha@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);

  await page.getByRole('link', { name: 'Peer roles and boundaries' }).first().click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Peer roles and boundaries' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Enroll in this course' }).click();
  await expect(
    page.getByRole('progressbar', { name: 'Peer roles and boundaries' }),
  ).toHaveAttribute('value', '0');

  // A sensitive module starts with a content note and a choice.
  await page.getByRole('link', { name: 'What a peer supporter does' }).click();
  await expect(page.getByRole('heading', { name: 'Before you begin' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Not tonight' })).toBeVisible();
  await page.getByRole('link', { name: 'Continue to the module' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'What a peer supporter does' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Working alongside clinicians' })).toBeVisible();

  // Fail first: the last choice everywhere.
  await page.getByRole('link', { name: 'Take the knowledge check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Knowledge check/ })).toBeVisible();
  const questions = page.locator('fieldset');
  const count = await questions.count();
  expect(count).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < count; i++) await questions.nth(i).getByRole('radio').last().check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('status')).toContainText('You need');
  // Every choice is explained once graded.
  const first = page.locator('ol.questions > li').first();
  await expect(first.locator('.explain')).toHaveCount(await first.locator('.choice').count());

  // Learn the best answers from the explanations, then retake.
  const best = await page
    .locator('ol.questions > li')
    .evaluateAll((items) =>
      items.map((li) => li.querySelector('li.right .choice')!.childNodes[0].textContent!.trim()),
    );
  await page.getByRole('link', { name: 'Try again' }).click();
  for (let i = 0; i < count; i++)
    await questions.nth(i).getByLabel(best[i], { exact: true }).check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('status')).toContainText(`You passed: ${count} of ${count} right.`);
  await expect(page.getByText('This module is done.')).toBeVisible();

  // The progress bar moved.
  await page.goto('/learn');
  await expect(overall(page)).toHaveAttribute('value', '50');
  await expect(page.getByText('1 of 2 modules done').first()).toBeVisible();

  // Next module: read to a heading, take a break, come back to the same place.
  await page.getByRole('link', { name: /Start: Boundaries and confidentiality/ }).click();
  await page.getByRole('link', { name: 'Continue to the module' }).click();
  const heading = page.getByRole('heading', { name: 'Documentation: factual and minimal' });
  await heading.evaluate((h) => h.scrollIntoView());
  await expect(page.locator('form.break input[name=position]')).toHaveValue(
    'documentation-factual-and-minimal',
  );
  await page.getByRole('button', { name: 'Take a break' }).click();
  await expect(page.getByRole('heading', { name: 'Taking a break' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Need support now?' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Back to where I was' }).click();
  await expect(page).toHaveURL(/\/learn\/modules\/peer-02.*#documentation-factual-and-minimal$/);
  await expect(heading).toBeInViewport();

  // The place is kept on the server too: a fresh visit offers it, with no content note in the way.
  await page.goto('/learn/modules/peer-02');
  await expect(page.getByRole('link', { name: 'Continue where you left off' })).toHaveAttribute(
    'href',
    '#documentation-factual-and-minimal',
  );
});

test('"Not tonight" on a content note saves the place and goes back to the course', async ({
  page,
}) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/modules/deesc-02');
  await expect(page.getByRole('heading', { name: 'Before you begin' })).toBeVisible();
  await page.getByRole('button', { name: 'Not tonight' }).click();
  await expect(page).toHaveURL(/\/learn\/courses\/crisis-de-escalation$/);
  await expect(
    page.locator('li', { hasText: 'Safety first' }).getByText('In progress'),
  ).toBeVisible();
});

test('a module reads in Spanish where translated', async ({ page }) => {
  await signIn(page, 'tomas@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByLabel(/^(Language|Idioma)$/).selectOption('es');
  await page.getByRole('button', { name: /Save|Guardar/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.goto('/learn/modules/peer-01?ready=1');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.locator('article.reader')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('button', { name: 'Tomar un descanso' })).toBeVisible();
});

test('a link between modules opens the linked module', async ({ page }) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/modules/deesc-01?ready=1');
  await page.locator('.prose a[href^="/learn/files/02-safety-first"]').first().click();
  await expect(page).toHaveURL(/\/learn\/modules\/deesc-02/);
});
