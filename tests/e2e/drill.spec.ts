import { test, expect, type Page } from '@playwright/test';
import { signIn } from './support';

async function choose(page: Page, start: RegExp, feedback: RegExp) {
  await page.getByRole('button', { name: start }).click();
  await expect(page.getByRole('heading', { name: 'How that went' })).toBeVisible();
  await expect(page.getByText(feedback)).toBeVisible();
}

test('@phone a volunteer plays a drill, takes a break, resumes at the same place and reaches the debrief', async ({
  page,
}) => {
  await signIn(page, 'priya@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole('link', { name: 'Practice drills' }).click();
  await page.getByRole('link', { name: 'Raised voices at the library desk' }).click();
  await expect(page.getByRole('heading', { name: 'Content note' })).toBeVisible();
  await expect(page.getByText(/mention of suicide/)).toBeVisible();
  await page.getByRole('button', { name: 'Start' }).click();

  // Before a choice the page holds no feedback or scores.
  await expect(page.getByText(/drop-in table at the library/)).toBeVisible();
  expect(await page.content()).not.toContain('A hand on the shoulder can feel like an attack');

  await choose(page, /^Pause for a few seconds/, /scan the exits/);
  await page.getByRole('link', { name: 'Continue' }).click();
  await choose(page, /^Walk over slowly/, /Distance, an angle/);
  await page.getByRole('link', { name: 'Continue' }).click();
  await expect(page.getByText(/This place is a joke/)).toBeVisible();

  await page.getByRole('button', { name: 'Take a break' }).click();
  await expect(page.getByRole('status')).toContainText('Your place is saved');
  await expect(page.getByText('in progress, 2 decisions made')).toBeVisible();

  await page.getByRole('link', { name: 'Raised voices at the library desk' }).click();
  await page.getByRole('button', { name: 'Resume where you left off' }).click();
  await expect(page.getByText(/This place is a joke/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Decision 3' })).toBeVisible();

  const rest: [RegExp, RegExp][] = [
    [/^“Hi, I'm Sam/, /strong verbal contact/],
    [/^“Marcus, it's due at five/, /reflected the facts/],
    [/^“You're right that losing/, /clear limit/],
    [/^“Here are two options/, /Two real choices/],
    [/^Stay calm and ask directly/, /Asking directly and calmly/],
  ];
  for (const [choice, feedback] of rest) {
    await choose(page, choice, feedback);
    await page.getByRole('link', { name: 'Continue' }).click();
  }
  await choose(page, /^Tier 2:/, /Right tier/);
  await page.getByRole('link', { name: 'See the debrief' }).click();

  await expect(page.getByRole('heading', { name: /Outcome: referred to more help/ })).toBeVisible();
  await expect(page.getByText('You scored 23 of a possible')).toBeVisible();
  await expect(page.getByRole('img', { name: /DEESC.5 · .*: 6 \/ 6/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What a strong path looks like' })).toBeVisible();
  await page
    .getByLabel(/Which moment in this drill was hardest/)
    .fill('Asking about suicide felt hard, and it helped.');
  await page.getByRole('button', { name: 'Save my reflection' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByLabel(/Which moment in this drill was hardest/)).toHaveValue(
    'Asking about suicide felt hard, and it helped.',
  );
  // the one-tap feedback under the debrief goes through the page's own action and is thanked
  const prompt = page.getByTestId('feedback');
  await prompt.getByRole('button', { name: 'Clear' }).click();
  await expect(prompt.getByRole('status')).toContainText('Thank you');
});
