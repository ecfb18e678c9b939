import { test, expect, type Page } from '@playwright/test';
import { extractCredentialFromPdf } from '@kindred/certificates';
import { readFileSync, writeFileSync } from 'node:fs';
import { Api, Story, certifiedVolunteer, signOut } from './support';

const verdict = (page: Page) => page.getByTestId('verdict').getByRole('heading', { level: 2 });

test('an employer with no account verifies a certificate by link, by uploaded PDF and by the API, and sees a revoked one as revoked', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const story = new Story(testInfo, 'employer');
  story.watch(page);

  // Set-up, not the employer's story: two volunteers earn the Foundations certificate (courses, drills and
  // sign-offs done through the API; the volunteer's own journey does them in the browser).
  const coordinator = await Api.signIn(baseURL!, 'coordinator@kindred.demo');
  const supervisor = await Api.signIn(baseURL!, 'supervisor.ben@kindred.demo');
  const { volunteer: hired, certificate: good } = await certifiedVolunteer(
    baseURL!,
    coordinator,
    supervisor,
    'Noor Haddad',
    'foundations',
  );
  const { volunteer: other, certificate: toRevoke } = await certifiedVolunteer(
    baseURL!,
    coordinator,
    supervisor,
    'Elliot Brandt',
    'foundations',
  );

  // The candidate hands over the link and the PDF.
  const pdfBytes = await (await hired.ctx.get(`/api/credentials/${good.id}/pdf`)).body();
  const pdfFile = testInfo.outputPath('noor-haddad-certificate.pdf');
  writeFileSync(pdfFile, pdfBytes);
  const revokedPdfFile = testInfo.outputPath('elliot-brandt-certificate.pdf');
  writeFileSync(
    revokedPdfFile,
    await (await other.ctx.get(`/api/credentials/${toRevoke.id}/pdf`)).body(),
  );

  // 1. By link.
  await page.goto(good.verifyUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check a certificate');
  await expect(verdict(page)).toHaveText(/\bValid\b/);
  await expect(page.getByTestId('verdict')).toContainText('Noor Haddad');
  await expect(page.getByTestId('verdict')).toContainText('Kindred Peer Supporter Foundations');
  // Minimum shown: no e-mail address of the holder.
  await expect(page.getByTestId('verdict')).not.toContainText('@example.org');
  await story.shot(page, 'verified by link');

  // 2. By uploading the PDF.
  await page.getByRole('link', { name: 'Check another certificate' }).click();
  await story.shot(page, 'verify page');
  await page.getByLabel('Certificate file (PDF or JSON)').setInputFiles(pdfFile);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(verdict(page)).toHaveText(/\bValid\b/);
  await expect(page.getByTestId('verdict')).toContainText('Noor Haddad');
  await story.shot(page, 'verified by uploaded pdf');

  // 3. By the API, with the credential the PDF carries.
  const credential = extractCredentialFromPdf(readFileSync(pdfFile));
  expect(credential.id).toBe(good.credentialId);
  const byApi = await page.request.post('/api/credentials/verify', {
    data: { verifiableCredential: credential },
  });
  expect(byApi.status()).toBe(200);
  const answer = await byApi.json();
  expect(answer).toMatchObject({
    verified: true,
    verdict: 'valid',
    credentialId: good.credentialId,
  });
  // Every check passed, or was not needed (e.g. no endorsement to check); none failed.
  expect(
    answer.checks.every(
      (c: { passed: boolean; notChecked?: boolean }) => c.passed || c.notChecked === true,
    ),
  ).toBe(true);
  expect(answer.checks.some((c: { passed: boolean }) => c.passed)).toBe(true);
  // A changed credential does not pass.
  const forged = {
    ...credential,
    credentialSubject: { ...(credential.credentialSubject as object), name: 'Someone Else' },
  };
  const forgedAnswer = await page.request.post('/api/credentials/verify', {
    data: { verifiableCredential: forged },
  });
  expect(forgedAnswer.status()).toBe(400);
  expect((await forgedAnswer.json()).verified).toBe(false);

  // The coordinator revokes the other certificate through the admin page (in a tab of their own).
  const admin = story.watch(await (await browser.newContext()).newPage());
  await story.signIn(admin, 'coordinator@kindred.demo');
  await expect(admin).toHaveURL(/\/admin$/);
  await story.shot(admin, 'coordinator home');
  await admin.goto('/admin/certificates');
  const row = admin
    .getByTestId('admin-certificate')
    .filter({ hasText: 'Elliot Brandt — Kindred Peer Supporter Foundations' })
    .first();
  await row.locator('summary').click();
  await row
    .getByLabel('Reason (kept in the audit log)')
    .fill('Left the program; certificate withdrawn');
  await row.getByLabel(/Public reason/).selectOption({ label: 'Requirements no longer met' });
  await story.shot(admin, 'coordinator about to revoke');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Yes, revoke for good' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'now revoked' })).toBeVisible();
  await story.shot(admin, 'coordinator revoked');
  await signOut(admin);
  await story.shot(admin, 'signed out');
  await admin.context().close();

  // The employer checks the revoked one: by link, by PDF, by the API. The good one is still valid.
  await page.goto(toRevoke.verifyUrl);
  await expect(verdict(page)).toHaveText(/\bRevoked\b/);
  // when, by whom and the public category; never the coordinator's own words
  await expect(page.getByTestId('revoked-on')).toContainText(
    'by Riverside Peer Support Network. Reason: Requirements no longer met',
  );
  await expect(page.getByTestId('verdict')).not.toContainText('Left the program');
  await story.shot(page, 'revoked by link');
  await page.goto('/verify');
  await page.getByLabel('Certificate file (PDF or JSON)').setInputFiles(revokedPdfFile);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(verdict(page)).toHaveText(/\bRevoked\b/);
  await story.shot(page, 'revoked by uploaded pdf');
  const revokedAnswer = await page.request.post('/api/credentials/verify', {
    data: { verifiableCredential: extractCredentialFromPdf(readFileSync(revokedPdfFile)) },
  });
  expect(revokedAnswer.status()).toBe(400);
  expect(await revokedAnswer.json()).toMatchObject({ verified: false, verdict: 'revoked' });
  const stillGood = await page.request.post('/api/credentials/verify', {
    data: { verifiableCredential: credential },
  });
  expect((await stillGood.json()).verdict).toBe('valid');

  story.done();
  await Promise.all([coordinator, supervisor, hired, other].map((a) => a.dispose()));
});
