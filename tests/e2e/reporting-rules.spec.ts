import { test, expect } from '@playwright/test';
import { signIn, signOut } from './support';

// Issue 15, "When you must share": the program's own reporting rules come from its settings. The
// coordinator writes them on a form; a volunteer of the program reads them in the module, in the box the
// body links to (#program-rules). Phone width, as volunteers read on their phones.
test.use({ viewport: { width: 390, height: 844 } });

const ROUTE =
  'Everyone on our team is a mandated reporter. Call the Ohio children services hotline, 855-642-4453, yourself the same day, with the on-call supervisor on the line. Write down the time and the reference number.';

test('a coordinator sets the reporting rules, and a volunteer reads them in the module', async ({
  page,
}, info) => {
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Reporting rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reporting rules' })).toBeVisible();

  await page.getByLabel('State whose reporting law applies').selectOption('OH');
  await page.getByLabel('Reporting route, in your program’s words').fill(ROUTE);
  await page.getByRole('button', { name: 'Save the rules' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');
  // the form keeps what was saved
  await page.reload();
  await expect(page.getByLabel('State whose reporting law applies')).toHaveValue('OH');
  await expect(page.getByLabel('Reporting route, in your program’s words')).toHaveValue(ROUTE);
  await page.screenshot({ path: info.outputPath('reporting-rules-form-390.png'), fullPage: true });
  await signOut(page);

  await signIn(page, 'jordan@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/learn/modules/peer-04?ready=1');
  const box = page.locator('#program-rules');
  await expect(box).toContainText('Riverside Peer Support Network');
  await expect(box).toContainText('State: Ohio');
  await expect(box).toContainText(ROUTE);
  // the body's link leads to the box
  await page.getByRole('link', { name: /rules on reporting/ }).click();
  await expect(page).toHaveURL(/#program-rules$/);
  await expect(box).toBeInViewport();
  await page.screenshot({ path: info.outputPath('module-program-rules-390.png') });

  // and a module that does not link to it shows no box
  await page.goto('/learn/modules/peer-02?ready=1');
  await expect(page.locator('#program-rules')).toHaveCount(0);
});
