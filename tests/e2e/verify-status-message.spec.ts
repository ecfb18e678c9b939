import { test, expect, request } from '@playwright/test';

// A credential with a `message` status entry (statusSize 2, statusMessage, statusReference), issued through
// the VC-API and given a new value through the status route: /verify says the issuer's current message in
// plain words, at phone size, in English and Spanish.

test.use({ viewport: { width: 390, height: 844 } });

const MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'pending review' },
  { status: '0x2', message: 'renewal due' },
  { status: '0x3', message: 'undefined' },
];

async function credentialWithMessage(baseURL: string | undefined): Promise<Record<string, any>> {
  const api = await request.newContext({ baseURL });
  try {
    const login = await api.post('/api/auth/login', {
      data: { email: 'coordinator@kindred.demo', password: 'kindred-demo-password' },
    });
    expect(login.ok()).toBe(true);
    const { user, csrfToken } = await login.json();
    const org = user.memberships.find((m: { role: string }) => m.role === 'coordinator');
    const client = await api.post(`/api/organizations/${org.organizationId}/api-clients`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { name: 'e2e status messages' },
    });
    expect(client.status()).toBe(201);
    const { token } = await client.json();
    const issuers = await (await api.get('/api/issuers')).json();
    const did = issuers
      .find((i: { organizationId: string }) => i.organizationId === org.organizationId)
      .keys.find((k: { retiredAt: string | null }) => !k.retiredAt).did;
    const auth = { authorization: `Bearer ${token}` };
    // an API client calls without the coordinator's session cookie, as another system would
    const service = await request.newContext({ baseURL });
    const issued = await service.post('/api/credentials/issue', {
      headers: auth,
      data: {
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiableCredential'],
          issuer: did,
          name: 'Peer support volunteer',
          credentialSubject: { id: 'did:example:e2e-volunteer' },
        },
        options: {
          credentialStatus: [
            { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
            {
              type: 'BitstringStatusListEntry',
              statusPurpose: 'message',
              statusSize: 2,
              statusMessage: MESSAGES,
              statusReference: 'https://kindred.example/status-messages',
            },
          ],
        },
      },
    });
    expect(issued.status()).toBe(201);
    const { verifiableCredential } = await issued.json();
    const set = await service.post('/api/credentials/status', {
      headers: auth,
      data: {
        credentialId: verifiableCredential.id,
        credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }],
        status: '0x2',
      },
    });
    expect(set.status()).toBe(200);
    await service.dispose();
    return verifiableCredential;
  } finally {
    await api.dispose();
  }
}

test('the issuer’s status message shows under the status check, with where it is explained', async ({
  page,
  baseURL,
}, info) => {
  const signed = await credentialWithMessage(baseURL);
  await page.goto('/verify');
  await page.getByLabel('Or paste the certificate’s JSON').fill(JSON.stringify(signed));
  await page.getByRole('button', { name: 'Check the file' }).click();
  const verdict = page.getByTestId('verdict');
  await expect(verdict.locator('h2')).toHaveAttribute('data-verdict', 'valid');
  const status = verdict.locator('[data-check="status"]');
  await expect(status).toHaveAttribute('data-state', 'passed');
  const message = status.getByTestId('status-messages').locator('li');
  await expect(message).toHaveAttribute('data-status', '0x2');
  await expect(message).toContainText('The issuer’s status message for it: “renewal due”');
  await expect(
    message.getByRole('link', { name: 'What the issuer’s messages mean' }),
  ).toHaveAttribute('href', 'https://kindred.example/status-messages');
  await status.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('verify-status-message-390.png') });
  const box = await message.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(390);
});
