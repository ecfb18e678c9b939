import { test, expect, request } from '@playwright/test';

// The employer's verdict of a file check at phone size: brought into view and focused after every check,
// a tampered file's contents shown as claims, and every check passed / failed / not checked.

test.use({ viewport: { width: 390, height: 844 } });

async function seededCredential(baseURL: string | undefined): Promise<Record<string, any>> {
  const api = await request.newContext({ baseURL });
  try {
    const login = await api.post('/api/auth/login', {
      data: { email: 'grace@kindred.demo', password: 'kindred-demo-password' },
    });
    expect(login.ok()).toBe(true);
    const mine: { credentialId: string; state: string; expired: boolean }[] = await (
      await api.get('/api/certificates/mine')
    ).json();
    const valid = mine.find((c) => c.state === 'active' && !c.expired)!;
    return await (await api.get(`/api/credentials/${valid.credentialId}`)).json();
  } finally {
    await api.dispose();
  }
}

test('a tampered file: the verdict is scrolled to and focused, its claims are claims, nothing unrun reads as passed', async ({
  page,
  baseURL,
}, info) => {
  const signed = await seededCredential(baseURL);
  const forged = structuredClone(signed);
  forged.credentialSubject.name = 'Somebody Else';
  await page.goto('/verify');
  for (const [label, doc] of [
    ['valid', signed],
    ['tampered', forged],
  ] as const) {
    await page.getByLabel('Or paste the certificate’s JSON').fill(JSON.stringify(doc));
    await page.getByRole('button', { name: 'Check the file' }).click();
    const verdict = page.getByTestId('verdict');
    await expect(verdict.locator('h2')).toHaveAttribute('data-verdict', label);
    await expect(verdict).toBeFocused();
    await expect(verdict).toBeInViewport();
    await page.screenshot({ path: info.outputPath(`verify-${label}-390.png`), fullPage: false });
  }
  const verdict = page.getByTestId('verdict');
  await expect(verdict.getByTestId('file-claims')).toHaveText(/The file claims/);
  await expect(verdict.getByText('Somebody Else')).toBeVisible();
  await expect(verdict.locator('[data-check="signature"]')).toHaveAttribute('data-state', 'failed');
  for (const id of ['endorsements', 'status', 'dates', 'issuer'])
    await expect(verdict.locator(`[data-check="${id}"]`)).toHaveAttribute(
      'data-state',
      'not_checked',
    );
  await expect(verdict.getByText('passed', { exact: true })).toHaveCount(1); // the format check only
});
