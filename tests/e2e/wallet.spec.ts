import { test, expect, request } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { generateIssuerKeyPair, signPresentation } from '@kindred/certificates';
import { chooseLanguage, signIn } from './support';

// Issue 14, "Taking it elsewhere": "Add to wallet" on the volunteer's certificate page shows a QR code and a
// link for a one-use VC-API exchange. The test reads the QR code off the screen like a phone camera would,
// then plays the wallet (no cookies): protocols → POST {} → (for a program that binds the wallet's DID, a
// DIDAuthentication request, answered with a presentation signed by the wallet's did:key) → a presentation
// holding the certificate. Phone width.
test.use({ viewport: { width: 390, height: 844 } });

test('Add to wallet shows a QR code and a link that a wallet uses once to take the certificate', async ({
  page,
  baseURL,
}, info) => {
  await signIn(page, 'grace@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/learn/certificates');
  const card = page
    .getByTestId('certificate')
    .filter({ has: page.getByTestId('linkedin') })
    .first();
  await card.getByTestId('add-to-wallet').click();
  const panel = card.getByTestId('wallet');
  await expect(panel.getByRole('heading', { name: 'Add to wallet' })).toBeVisible();
  const qr = panel.getByTestId('wallet-qr');
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('alt', /QR code that puts .+ into a credential wallet/);
  // nothing scrolls sideways on a phone
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
  await page.screenshot({ path: info.outputPath('wallet-390.png'), fullPage: true });

  // the code, read off the screen, is the link the button opens
  const shot = PNG.sync.read(await qr.screenshot());
  const read = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
  expect(read, 'the QR code on the page can be read').not.toBeNull();
  const deepLink = await panel.getByTestId('wallet-link').getAttribute('href');
  expect(read!.data).toBe(deepLink);

  // the wallet: from the link's request to the exchange, without the holder's session
  const wallet = await request.newContext({ baseURL });
  try {
    const { protocols } = JSON.parse(new URL(deepLink!).searchParams.get('request')!);
    const exchange = new URL(protocols.vcapi).pathname;
    const interaction = (await panel.getByTestId('wallet-interaction').textContent())!.trim();
    const listed = await (
      await wallet.get(new URL(interaction).pathname, { headers: { accept: 'application/json' } })
    ).json();
    expect(listed.protocols.vcapi).toBe(protocols.vcapi);
    let got = await wallet.post(exchange, { data: {} });
    expect(got.status()).toBe(200);
    const first = await got.json();
    const key = await generateIssuerKeyPair();
    if (first.verifiablePresentationRequest) {
      // DID Authentication: the wallet proves its DID for the exchange's challenge and domain
      const { query, challenge, domain } = first.verifiablePresentationRequest;
      expect(query[0].type).toBe('DIDAuthentication');
      const auth = await signPresentation([], key, { challenge, domain });
      got = await wallet.post(exchange, { data: { verifiablePresentation: auth } });
      expect(got.status()).toBe(200);
    }
    const { verifiablePresentation: vp } = first.verifiablePresentationRequest
      ? await got.json()
      : first;
    if (first.verifiablePresentationRequest)
      expect(vp.verifiableCredential[0].credentialSubject.id).toBe(key.did);
    expect(vp.type).toEqual(['VerifiablePresentation']);
    expect(vp.verifiableCredential[0].type).toContain('OpenBadgeCredential');
    const name = (await card.getByRole('heading', { level: 2 }).innerText()).split('\n')[0];
    // the achievement's name: a string, or language values (English first) when the program is translated
    const signedName = vp.verifiableCredential[0].credentialSubject.achievement.name;
    const english = Array.isArray(signedName)
      ? signedName.find((v: { '@language': string }) => v['@language'] === 'en')['@value']
      : signedName;
    expect(name).toContain(english);
    // once only
    expect((await wallet.post(exchange, { data: {} })).status()).toBe(410);
  } finally {
    await wallet.dispose();
  }
});

test('in Spanish the wallet panel speaks Spanish', async ({ page }) => {
  await signIn(page, 'grace@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/learn/certificates');
  await chooseLanguage(page, 'es');
  await page.goto('/learn/certificates');
  const card = page.getByTestId('certificate').first();
  await card.getByRole('button', { name: 'Agregar a la billetera' }).click();
  const panel = card.getByTestId('wallet');
  await expect(panel).toContainText('Escanea este código');
  await expect(panel.getByRole('link', { name: 'Abrir en mi app de billetera' })).toBeVisible();
  await chooseLanguage(page, 'en');
});

test('a revoked certificate offers no Add to wallet', async ({ page }) => {
  await signIn(page, 'sam@kindred.demo');
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/learn/certificates');
  await expect(page.getByTestId('certificate').first()).toBeVisible();
  await expect(page.getByTestId('add-to-wallet')).toHaveCount(0);
});
