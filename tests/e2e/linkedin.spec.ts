import { test, expect } from '@playwright/test';
import { signIn } from './support';

// Issue 14, "Taking it elsewhere": "Add to LinkedIn" on the volunteer's certificate page opens LinkedIn's
// add-certification form filled in from the certificate (name, issuer, issue and expiry month, id and the
// verification link), only for a certificate that is valid now. Phone width.
test.use({ viewport: { width: 390, height: 844 } });

test('a valid certificate offers Add to LinkedIn with its name, issuer, dates, id and verification link', async ({
  page,
}, info) => {
  await signIn(page, 'grace@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/learn/certificates');
  const card = page
    .getByTestId('certificate')
    .filter({ has: page.getByTestId('linkedin') })
    .first();
  const link = card.getByTestId('linkedin');
  await expect(link).toHaveText('Add to LinkedIn');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  const url = new URL((await link.getAttribute('href'))!);
  expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
  const q = url.searchParams;
  expect(q.get('startTask')).toBe('CERTIFICATION_NAME');
  // the same certificate as the card says
  const name = (await card.getByRole('heading', { level: 2 }).innerText()).split('\n')[0];
  expect(name).toContain(q.get('name'));
  await expect(card).toContainText(q.get('organizationName')!);
  const verify = await card.getByRole('link', { name: 'Verification link' }).getAttribute('href');
  expect(q.get('certUrl')).toBe(verify);
  expect(q.get('certId')).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  expect(Number(q.get('issueYear'))).toBeGreaterThan(2000);
  expect(Number(q.get('issueMonth'))).toBeGreaterThanOrEqual(1);
  expect(q.get('expirationYear')).not.toBeNull();
  await page.screenshot({ path: info.outputPath('linkedin-390.png'), fullPage: true });
});

test('a revoked certificate offers no Add to LinkedIn', async ({ page }) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/learn/certificates');
  await expect(page.getByTestId('certificate').first()).toBeVisible();
  await expect(page.getByTestId('linkedin')).toHaveCount(0);
});
