import { test, expect } from '@playwright/test';
import { answerCheck, courseContent, signIn } from './support';
import { Api, newVolunteer } from '../journeys/support';

// At phone size (390 px, the smallest common phone width): a volunteer's evening knowledge check.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const MODULE = 'deesc-02';
const quiz = () =>
  courseContent()
    .courses.flatMap((c) => c.modules)
    .find((m) => m.id === MODULE)!.quiz;

async function freshVolunteer(baseURL: string, name: string): Promise<string> {
  const coordinator = await Api.signIn(baseURL, 'coordinator@kindred.demo');
  const volunteer = await newVolunteer(baseURL, coordinator, name, 'supervisor.ana@kindred.demo');
  await Promise.all([coordinator.dispose(), volunteer.dispose()]);
  return volunteer.user.email;
}

test('a partial check is not graded: the questions left are named, and the answers chosen survive a reload', async ({
  page,
  baseURL,
}) => {
  await signIn(page, await freshVolunteer(baseURL!, 'Quiz Partial'), 'journey-password-1');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto(`/learn/modules/${MODULE}/check`);
  await page.waitForLoadState('networkidle');
  const questions = page.locator('fieldset');
  const n = quiz().length;
  await expect(questions).toHaveCount(n);

  // Two answered, the rest left: the page names the rest before anything is sent.
  const [a, b] = quiz();
  const pick = (q: typeof a) => q.choices.find((c) => c.id !== q.answer)!.text;
  for (const q of [a, b]) {
    const radio = questions
      .filter({ has: page.locator('legend', { hasText: q.prompt }) })
      .getByLabel(pick(q), { exact: true });
    const saved = page.waitForResponse((r) => r.url().includes('/check?/save') && r.ok());
    await radio.check();
    await saved;
  }
  await page.getByRole('button', { name: 'Check my answers' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Answer every question first');
  await expect(summary.getByRole('link')).toHaveCount(n - 2);
  await expect(page.locator('fieldset.missing')).toHaveCount(n - 2);
  await page.screenshot({ path: 'test-results/knowledge-check/partial-named.png', fullPage: true });

  // A reload (or coming back another evening) keeps what was chosen, and the same order.
  const order = await page.locator('fieldset legend').allTextContents();
  await page.reload();
  await expect(page.locator('fieldset legend')).toHaveText(order);
  for (const q of [a, b])
    await expect(
      questions
        .filter({ has: page.locator('legend', { hasText: q.prompt }) })
        .getByLabel(pick(q), { exact: true }),
    ).toBeChecked();
  await expect(page.locator('input[type=radio]:checked')).toHaveCount(2);

  // Nothing was recorded as an attempt: it is still the first.
  await expect(page.getByText('Attempt 1 ·')).toBeVisible();
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('without JavaScript, a partial check comes back from the server with the questions left named', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await signIn(page, await freshVolunteer(baseURL!, 'Quiz Plain'), 'journey-password-1');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto(`/learn/modules/${MODULE}/check`);
  const [first] = quiz();
  await page
    .locator('fieldset')
    .filter({ has: page.locator('legend', { hasText: first.prompt }) })
    .getByLabel(first.choices[0].text, { exact: true })
    .check();
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing was graded yet');
  await expect(page.getByRole('alert').getByRole('link')).toHaveCount(quiz().length - 1);
  // what was chosen is still chosen
  await expect(page.locator('input[type=radio]:checked')).toHaveCount(1);
  await context.close();
});

test('a failed check explains only what was chosen; a pass explains every choice', async ({
  page,
  baseURL,
}) => {
  await signIn(page, await freshVolunteer(baseURL!, 'Quiz Fail'), 'journey-password-1');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto(`/learn/modules/${MODULE}/check`);
  const n = quiz().length;
  await answerCheck(page, MODULE, n);
  const graded = page.waitForResponse((r) => r.url().includes('/check?/grade'));
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await graded;
  await expect(page.getByRole('status')).toContainText('You need');
  await expect(page.locator('.explain')).toHaveCount(n);
  await expect(page.getByText('Best answer', { exact: true })).toHaveCount(0);
  // and the page holds none of the best answers' explanations
  const html = await page.content();
  for (const q of quiz())
    expect(html).not.toContain(q.choices.find((c) => c.id === q.answer)!.explain);
  await page.screenshot({ path: 'test-results/knowledge-check/failed.png', fullPage: true });

  await page.getByRole('link', { name: 'Try again' }).click();
  await expect(page.getByText('Attempt 2 ·')).toBeVisible();
  await answerCheck(page, MODULE);
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByRole('status')).toContainText('You passed');
  await expect(page.getByText('Best answer', { exact: true })).toHaveCount(n);
  const choices = quiz().reduce((sum, q) => sum + q.choices.length, 0);
  await expect(page.locator('.explain')).toHaveCount(choices);
});
