import { test, expect, type Page } from '@playwright/test';
import { signIn, signOut } from './support';

// Issue 22: a revoked certificate says when, by whom and the public reason category — on the employer's
// /verify page, the public certificate page and the holder's own list — in the page's language, with no
// "Valid until", no raw status-list URLs and never the coordinator's free-text reason. At phone size.
test.use({ viewport: { width: 390, height: 844 } });

const ORG = 'Riverside Peer Support Network';
/** The demo seed's free-text reason for Sam's revocation (certificates.seed.ts): private. */
const PRIVATE_REASON = 'Demo: revoked to show what employers see';

const day = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

async function noSideways(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('Sam’s revoked certificate: his list, the public page and /verify say when, by whom and why, in English and Spanish', async ({
  page,
  browser,
}) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).toHaveURL(/\/learn$/);
  await page.goto('/learn/certificates');
  const card = page.getByTestId('certificate').filter({ hasText: 'revoked' }).first();
  const link = await card.getByRole('link', { name: 'Verification link' }).getAttribute('href');
  const id = /\/verify\/([0-9a-f-]{36})$/.exec(link ?? '')?.[1];
  expect(id).toBeTruthy();
  const record = (await (await page.request.get(`/api/credentials/${id}/verification`)).json()) as {
    revocation: { revokedAt: string; revokedBy: string; category: string };
  };
  expect(record.revocation).toMatchObject({ revokedBy: ORG, category: 'issued_in_error' });
  const en = `Revoked on ${day(record.revocation.revokedAt, 'en-US')} by ${ORG}.`;

  // The holder's own list: the category, not the coordinator's words, and no validity.
  await expect(card.getByTestId('revoked-on')).toHaveText(`${en} Reason: Issued in error`);
  await expect(card).not.toContainText('Valid until');
  await expect(card).not.toContainText(PRIVATE_REASON);
  await page.screenshot({
    path: 'test-results/revoked-learn-certificates-390.png',
    fullPage: true,
  });
  await noSideways(page);
  await signOut(page);

  // The public certificate page an employer opens from the link or QR code.
  await page.goto(`/verify/${id}`);
  const verdict = page.getByTestId('verdict');
  await expect(verdict.getByRole('heading', { level: 2 })).toHaveText(/Revoked/);
  await expect(verdict.getByTestId('revoked-on')).toHaveText(`${en} Reason: Issued in error`);
  await expect(verdict).not.toContainText('Valid until');
  const text = await page.locator('main').innerText();
  expect(text).not.toContain(PRIVATE_REASON);
  expect(text).not.toMatch(/status-lists|https?:\/\/\S+\/api\//);
  await page.screenshot({ path: 'test-results/revoked-verify-390.png', fullPage: true });
  await noSideways(page);

  // The same file dropped on /verify: the same record (it is Kindred's, matched by its proof).
  const json = await (await page.request.get(`/api/credentials/${id}`)).body();
  await page.goto('/verify');
  await page.getByLabel('Certificate file (PDF or JSON)').setInputFiles({
    name: 'sam.json',
    mimeType: 'application/json',
    buffer: json,
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('verdict').getByTestId('revoked-on')).toHaveText(
    `${en} Reason: Issued in error`,
  );
  await expect(page.getByTestId('verdict')).not.toContainText('Valid until');

  // In Spanish (the browser asks for it): the date in the page's locale, the category in Spanish words.
  const es = await browser.newContext({
    locale: 'es-US',
    extraHTTPHeaders: { 'accept-language': 'es-US,es;q=0.9' },
    viewport: { width: 390, height: 844 },
  });
  const spanish = await es.newPage();
  await spanish.goto(`/verify/${id}`);
  await expect(spanish.locator('html')).toHaveAttribute('lang', 'es');
  const esDay = day(record.revocation.revokedAt, 'es-US');
  await expect(spanish.getByTestId('revoked-on')).toHaveText(
    `Revocado el ${esDay} por ${ORG}. Motivo: Emitido por error`,
  );
  await expect(spanish.getByTestId('verdict')).not.toContainText('Válido hasta');
  await spanish.screenshot({ path: 'test-results/revoked-verify-es-390.png', fullPage: true });
  await es.close();

  // The coordinator's page: the same record, and the private reason (theirs to read); the revocation form
  // asks for the public category from the fixed list (Grace's row is only opened, nothing is revoked).
  await signIn(page, 'coordinator@kindred.demo');
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/certificates');
  const sam = page.getByTestId('admin-certificate').filter({ hasText: 'Sam Kowalski' }).first();
  await sam.locator('summary').click();
  await expect(sam.getByTestId('revoked-on')).toHaveText(`${en} Reason: Issued in error`);
  await expect(sam).toContainText(PRIVATE_REASON);
  const grace = page
    .getByTestId('admin-certificate')
    .filter({ hasText: 'Grace Mensah — Accredited Peer Supporter' })
    .first();
  await grace.locator('summary').click();
  await expect(grace.getByLabel(/Public reason/).locator('option')).toHaveText([
    'Choose the public reason…',
    'Issued in error',
    'Requirements no longer met',
    'At the holder’s request',
    'Other reason',
  ]);
  await grace.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/revoke-form-390.png' });
  await noSideways(page);
});
