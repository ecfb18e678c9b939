import { test, expect } from '@playwright/test';
import { signIn } from './support';

test('a supervisor lands on what is waiting for them, counted, each count leading to its queue', async ({
  page,
}) => {
  await signIn(page, 'supervisor.ana@kindred.demo');
  await expect(page).toHaveURL(/\/supervise$/);
  await expect(page.getByText(/You supervise \d+ volunteers/)).toBeVisible();
  await expect(page.getByText('No volunteers are assigned to you yet')).toHaveCount(0);

  // The counts are the queues' own lengths, as the API gives them to the same person.
  const queue = await (await page.request.get('/api/supervision/queue')).json();
  const hours = await (
    await page.request.get('/api/supervision/practice-hours?status=submitted')
  ).json();
  const signOffs = page.getByRole('link', { name: /Sign-offs and cohort/ });
  await expect(signOffs).toHaveText(new RegExp(`^\\s*${queue.length}\\s+Sign-offs and cohort`));
  await expect(page.getByRole('link', { name: /Practice hours/ })).toHaveText(
    new RegExp(`^\\s*${hours.entries.length}\\s+Practice hours`),
  );
  const total = hours.entries.reduce((sum: number, e: { hours: number }) => sum + e.hours, 0);
  await expect(page.getByText(`${total} practice hours to verify or return`)).toBeVisible();

  await signOffs.click();
  await expect(page).toHaveURL(/\/supervise\/competencies$/);
});
