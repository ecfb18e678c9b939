// Issue 14: taking a certificate to a wallet through a VC-API exchange. The wallet side is written here from
// the protocol's own steps (deep link or interaction URL → `protocols.vcapi` → POST `{}` → a
// VerifiablePresentation), with no Kindred code: what any wallet would do.
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';
import { person, signInFrom } from './support/security.js';

let t: TestApp;
let coordinator: Agent, volunteer: Agent;
let orgId: string;
let id: string;
let signed: Record<string, unknown>;

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
const makeExchange = (who: Agent, certificateId = id) =>
  who.agent
    .post(`/api/certificates/mine/${certificateId}/wallet-exchange`)
    .set('x-csrf-token', who.csrf)
    .send();

/** The wallet: no cookies, no CSRF token, only the link it was given. */
const wallet = {
  protocols: (interactionUrl: string) =>
    t.http().get(path(interactionUrl)).set('accept', 'application/json'),
  participate: (exchangeUrl: string) => t.http().post(path(exchangeUrl)).send({}),
};

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, volunteer, orgId } = await people(t));
  const jordan = await userId(t, 'jordan@kindred.demo');
  id = (await issueProgram(coordinator, orgId, jordan, 'foundations').expect(201)).body.id;
  signed = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
});
afterAll(() => t.close());

describe('Add to wallet: a one-use, expiring VC-API exchange', () => {
  it('the holder makes an exchange; a wallet follows the deep link and receives the signed credential in a presentation', async () => {
    const made = await makeExchange(volunteer).expect(201);
    const { exchangeUrl, interactionUrl, deepLink, expiresAt } = made.body;
    expect(exchangeUrl).toMatch(/^http:\/\/localhost:3999\/api\/exchanges\/[A-Za-z0-9_-]{43}$/);
    const minutes = (Date.parse(expiresAt) - t.clock.now().getTime()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // 1. the deep link (what the QR code holds) carries the VCALM request: origin and protocols
    const link = new URL(deepLink);
    expect(link.origin + link.pathname).toBe('https://lcw.app/request.html');
    const request = JSON.parse(link.searchParams.get('request')!);
    expect(request).toEqual({
      credentialRequestOrigin: 'http://localhost:3999',
      protocols: { vcapi: exchangeUrl },
    });
    // 2. the interaction URL answers the same protocols
    const protocols = await wallet.protocols(interactionUrl).expect(200);
    expect(protocols.body).toEqual({ protocols: { vcapi: exchangeUrl } });
    // 3. the wallet starts the exchange with an empty object and gets the credential
    const res = await wallet.participate(protocols.body.protocols.vcapi).expect(200);
    const vp = res.body.verifiablePresentation;
    expect(vp['@context']).toEqual(['https://www.w3.org/ns/credentials/v2']);
    expect(vp.type).toEqual(['VerifiablePresentation']);
    expect(vp.verifiableCredential).toEqual([signed]);
    // 4. what it got verifies as issued
    const verified = await t
      .http()
      .post('/api/credentials/verify')
      .send({ verifiableCredential: vp.verifiableCredential[0] })
      .expect(200);
    expect(verified.body.verified).toBe(true);
  });

  it('a used exchange is refused (410) both to the wallet and to the interaction URL', async () => {
    const { exchangeUrl, interactionUrl } = (await makeExchange(volunteer).expect(201)).body;
    await wallet.participate(exchangeUrl).expect(200);
    const again = await wallet.participate(exchangeUrl).expect(410);
    expect(again.body.message).toMatch(/already used/);
    await wallet.protocols(interactionUrl).expect(410);
  });

  it('two wallets racing with one token: exactly one gets the credential', async () => {
    const { exchangeUrl } = (await makeExchange(volunteer).expect(201)).body;
    const answers = await Promise.all([
      wallet.participate(exchangeUrl),
      wallet.participate(exchangeUrl),
      wallet.participate(exchangeUrl),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410]);
  });

  it('an exchange expires after 15 minutes', async () => {
    const { exchangeUrl, interactionUrl } = (await makeExchange(volunteer).expect(201)).body;
    t.clock.advance(15 * 60_000 + 1000);
    try {
      const late = await wallet.participate(exchangeUrl).expect(410);
      expect(late.body.message).toMatch(/expired/);
      await wallet.protocols(interactionUrl).expect(410);
    } finally {
      t.clock.advance(-(15 * 60_000 + 1000));
    }
    // and nothing was handed out: it stays unused
    const [row] = await t.db.query(
      `SELECT completed_at FROM wallet_exchanges ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row.completed_at).toBeNull();
  });

  it("someone else's certificate cannot be put into a wallet (404, nothing written)", async () => {
    const other = await person(t, 'volunteer', 'riverside-peer-network');
    const stranger = await signInFrom(t, other.email, '198.51.100.77');
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM wallet_exchanges`);
    const res = await makeExchange(stranger).expect(404);
    expect(res.body.message).toBe('There is no such certificate of yours');
    await makeExchange(coordinator).expect(404);
    await makeExchange(volunteer, '00000000-0000-4000-8000-000000000000').expect(404);
    await t.http().post(`/api/certificates/mine/${id}/wallet-exchange`).expect(401);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM wallet_exchanges`);
    expect(after).toBe(before);
  });

  it('unknown and malformed tokens are not found', async () => {
    await wallet.participate(`http://x/api/exchanges/${'A'.repeat(43)}`).expect(404);
    await wallet.protocols(`http://x/api/exchanges/not-a-token/protocols`).expect(404);
  });

  it('the token is stored only as its hash, and making and completing are audited', async () => {
    const { exchangeUrl } = (await makeExchange(volunteer).expect(201)).body;
    const token = exchangeUrl.split('/').pop();
    const [row] = await t.db.query(
      `SELECT id, token_hash FROM wallet_exchanges ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    await wallet.participate(exchangeUrl).expect(200);
    const lines = await t.db.query(
      `SELECT action, actor, subject FROM audit_log WHERE details->>'exchange' = $1 ORDER BY seq`,
      [row.id],
    );
    expect(lines).toEqual([
      {
        action: 'credential.wallet_exchange',
        actor: `user:${volunteer.user.id}`,
        subject: signed.id,
      },
      {
        action: 'credential.wallet_delivered',
        actor: `user:${volunteer.user.id}`,
        subject: signed.id,
      },
    ]);
  });

  it('a revoked certificate cannot be added to a wallet (409)', async () => {
    const jordan = await userId(t, 'jordan@kindred.demo');
    const other = (await issueProgram(coordinator, orgId, jordan, 'foundations').expect(201)).body
      .id;
    await changeStatus(coordinator, other, 'revoke', 'Issued in error in a test').expect(200);
    const res = await makeExchange(volunteer, other).expect(409);
    expect(res.body.message).toMatch(/revoked/);
  });
});

describe('A browser at the interaction URL', () => {
  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const browse = (interactionUrl: string, lang = 'en-US,en;q=0.9') =>
    t.http().get(path(interactionUrl)).set('accept', BROWSER_ACCEPT).set('accept-language', lang);

  it('gets a page in its language on adding the certificate to a wallet, with the LCW link, and uses nothing up', async () => {
    const { exchangeUrl, interactionUrl, deepLink } = (await makeExchange(volunteer).expect(201))
      .body;
    const en = await browse(interactionUrl).expect(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.headers['vary']).toMatch(/Accept\b/);
    expect(en.headers['cache-control']).toBe('no-store');
    expect(en.headers['content-security-policy']).toContain("default-src 'none'");
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<h1>Add your certificate to a wallet</h1>');
    // the deep link the QR code holds, HTML-escaped in the href, and the exchange URL for other wallets
    expect(en.text).toContain(`href="${deepLink.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
    expect(en.text).toContain('>Open in Learner Credential Wallet</a>');
    expect(en.text).toContain('href="https://lcw.app/"');
    expect(en.text).toContain(`<code>${exchangeUrl}</code>`);
    expect(en.text).not.toContain('{"protocols"');

    const es = await browse(interactionUrl, 'es-US,es;q=0.9').expect(200);
    expect(es.text).toContain('<html lang="es">');
    expect(es.text).toContain('<h1>Agrega tu certificado a una billetera</h1>');
    expect(es.text).toContain('>Abrir en Learner Credential Wallet</a>');
    expect(es.text).not.toMatch(/Add your certificate|Open in|This link/);
    // the language link switches it whatever the browser says
    expect(es.text).toContain('href="protocols?lang=en"');
    const switched = await t
      .http()
      .get(`${path(interactionUrl)}?lang=en`)
      .set('accept', BROWSER_ACCEPT)
      .set('accept-language', 'es')
      .expect(200);
    expect(switched.text).toContain('<html lang="en">');

    // a wallet still gets JSON, and the exchange is still open for it
    const json = await wallet.protocols(interactionUrl).expect(200);
    expect(json.body).toEqual({ protocols: { vcapi: exchangeUrl } });
    await wallet.participate(exchangeUrl).expect(200);
    // once used, the browser is told so in words, with the way back (410)
    const gone = await browse(interactionUrl, 'es').expect(410);
    expect(gone.headers['content-type']).toMatch(/^text\/html/);
    expect(gone.text).toContain('<h1>Este enlace ya no se puede usar</h1>');
    expect(gone.text).toContain('href="/learn/certificates"');
  });

  it('a client that says nothing, or asks for JSON, gets the protocols object; an unknown token a 404 page', async () => {
    const { exchangeUrl, interactionUrl } = (await makeExchange(volunteer).expect(201)).body;
    const plain = await t.http().get(path(interactionUrl)).set('accept', '*/*').expect(200);
    expect(plain.body).toEqual({ protocols: { vcapi: exchangeUrl } });
    const missing = await browse(`http://x/api/exchanges/${'A'.repeat(43)}/protocols`).expect(404);
    expect(missing.text).toContain('<h1>This link can no longer be used</h1>');
  });
});
