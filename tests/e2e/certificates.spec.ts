import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, signOut } from './support';

async function uploadOnVerify(page: Page, file: string): Promise<void> {
  await page.goto('/verify');
  await page.getByLabel('Certificate file (PDF or JSON)').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
}

test('a co-issued certificate: issued, approved by the university, downloaded, verified by an employer, revoked', async ({
  page,
}) => {
  // The coordinator issues the accredited certificate; it waits for the university.
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/certificates');
  await page.getByLabel('Volunteer').selectOption({ label: 'Aisha Bello (aisha@kindred.demo)' });
  await page.getByLabel('Program').selectOption({ label: 'Accredited Peer Supporter' });
  // Issuing by hand names the requirements that are not met and asks for a reason (audit log).
  const handReason = page.getByLabel(/Reason for issuing by hand/);
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(handReason).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#hand-reason-error')).toContainText(
    /Aisha Bello does not meet \d+ of the program's requirements \(.*PEER\.\d/,
  );
  await expect(page.locator('select[name="program"]')).toHaveValue('accredited-peer-supporter');
  await handReason.fill('Accredited through the 2026 pilot cohort');
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Sent to the university for approval');
  // The coordinator sees what waits for the university.
  await expect(page.getByRole('region', { name: /Waiting for the university/ })).toContainText(
    'Aisha Bello — Accredited Peer Supporter: waiting for Riverside University School of Social Work since',
  );
  await signOut(page);

  // University staff approve it in a batch of the selected.
  await signIn(page, 'staff@riverside-university.demo');
  await expect(page).toHaveURL(/\/institution$/);
  await page.getByRole('button', { name: 'Approve: Aisha Bello' }).first().click();
  await expect(page.getByRole('status')).toContainText('approved and issued');
  await signOut(page);

  // The volunteer downloads the PDF.
  await signIn(page, 'aisha@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole('link', { name: 'My certificates' }).click();
  const card = page
    .getByTestId('certificate')
    .filter({ hasText: 'Accredited Peer Supporter' })
    .first();
  await expect(card).toContainText('Riverside University School of Social Work');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Download PDF' }).click(),
  ]);
  const pdf = join(mkdtempSync(join(tmpdir(), 'kindred-pdf-')), 'certificate.pdf');
  await download.saveAs(pdf);
  await signOut(page);

  // An employer, with no account, uploads it.
  await uploadOnVerify(page, pdf);
  const verdict = page.getByTestId('verdict');
  await expect(verdict.getByRole('heading', { level: 2 })).toHaveText(/Valid/);
  await expect(verdict).toContainText('Aisha Bello');
  await expect(verdict).toContainText('Endorsements');
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The coordinator revokes it, with a reason.
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/certificates');
  const row = page
    .getByTestId('admin-certificate')
    .filter({ hasText: 'Aisha Bello — Accredited Peer Supporter' })
    .first();
  await row.locator('summary').click();
  await row
    .getByLabel('Reason (kept in the audit log)')
    .fill('Accreditation withdrawn after review');
  // Without the public reason category it is refused, naming the field, and keeps the reason typed.
  await row.getByRole('button', { name: 'Revoke' }).click();
  const category = row.getByLabel(/Public reason/);
  await expect(category).toHaveAttribute('aria-invalid', 'true');
  await expect(row.getByLabel('Reason (kept in the audit log)')).toHaveValue(
    'Accreditation withdrawn after review',
  );
  await category.selectOption({ label: 'Requirements no longer met' });
  await row.getByRole('button', { name: 'Revoke' }).click();
  // Revoking is for good: it asks once more, naming the reason and the category; nothing is revoked before.
  const confirm = row.getByRole('alertdialog', { name: 'Revoke this certificate for good?' });
  await expect(confirm).toContainText('Accreditation withdrawn after review');
  await expect(confirm).toContainText('Employers will read: revoked — Requirements no longer met.');
  await expect(row.locator('summary .badge').first()).toHaveText(/^active$/i);
  await confirm.getByRole('button', { name: 'Yes, revoke for good' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'now revoked' })).toBeVisible();
  await signOut(page);

  // The employer checks the same PDF again.
  await uploadOnVerify(page, pdf);
  await expect(page.getByTestId('verdict').getByRole('heading', { level: 2 })).toHaveText(
    /Revoked/,
  );
  // when, by whom and the public category — never the coordinator's words
  await expect(page.getByTestId('revoked-on')).toHaveText(
    /^Revoked on \w{3} \d{1,2}, \d{4} by Riverside Peer Support Network\. Reason: Requirements no longer met$/,
  );
  await expect(page.getByTestId('verdict')).not.toContainText('Accreditation withdrawn');
  await expect(page.getByTestId('verdict')).not.toContainText('Valid until');
});

test('verify by ID works without JavaScript and says so plainly for an unknown ID', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/verify');
  await page
    .getByLabel('Certificate ID or verification link')
    .fill('urn:uuid:00000000-0000-4000-8000-000000000000');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page).toHaveURL(/\/verify\/00000000-0000-4000-8000-000000000000$/);
  await expect(page.getByRole('alert')).toContainText('No shared certificate has this ID');
  await page.goto('/verify?id=nothing-here');
  await expect(page.getByRole('alert')).toContainText('does not contain a certificate ID');

  // the file form posts multipart to the page's action: no script needed
  await page.getByLabel('Certificate file (PDF or JSON)').setInputFiles({
    name: 'forged.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: 'did:example:me',
        credentialSubject: { name: 'Me' },
      }),
    ),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('verdict').getByRole('heading', { level: 2 })).toHaveText(
    /Not valid/,
  );
  await expect(page.getByTestId('verdict')).toContainText('It is not signed');
  await page.getByLabel('Certificate file (PDF or JSON)').setInputFiles({
    name: 'notes.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('alert')).toContainText('This PDF has no certificate attached');
  await context.close();
});

test('the public verification pages pass an automated accessibility check', async ({ page }) => {
  for (const path of ['/verify', '/verify/00000000-0000-4000-8000-000000000000']) {
    await page.goto(path);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(results.violations.map((v) => `${path}: ${v.id}: ${v.help}`)).toEqual([]);
  }
});

test('university staff decline a pending certificate with a reason', async ({ page }) => {
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/certificates');
  await page
    .getByLabel('Volunteer')
    .selectOption({ label: 'Priya Natarajan (priya@kindred.demo)' });
  await page.getByLabel('Program').selectOption({ label: 'Accredited Peer Supporter' });
  await page.getByLabel(/Reason for issuing by hand/).fill('Exception approved by the board');
  await page.getByRole('button', { name: 'Issue', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Sent to the university for approval');
  await signOut(page);

  await signIn(page, 'staff@riverside-university.demo');
  await expect(page).toHaveURL(/\/institution$/);
  await page.getByRole('checkbox', { name: 'Select: Priya Natarajan' }).check();
  await page.getByRole('button', { name: 'Decline the selected' }).click();
  await expect(page.getByRole('alert')).toContainText('reason');
  await page.getByRole('checkbox', { name: 'Select: Priya Natarajan' }).check();
  await page
    .getByLabel('Reason for declining (the program sees it)')
    .fill('Supervised practice hours are not documented yet');
  await page.getByRole('button', { name: 'Decline the selected' }).click();
  await expect(page.getByRole('status')).toContainText('1 request declined');
  await expect(page.getByRole('checkbox', { name: 'Select: Priya Natarajan' })).toHaveCount(0);
});
