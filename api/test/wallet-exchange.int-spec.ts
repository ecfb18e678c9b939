// Issue 14: taking a certificate to a wallet through a VC-API exchange. The wallet side is written here from
// the protocol's own steps (deep link or interaction URL → `protocols.vcapi` → POST `{}` → for a program that
// binds the wallet's DID (foundations does: `bind_to_wallet_did`), a DIDAuthentication request, answered with
// a presentation signed by the wallet's did:key for its challenge and domain → a VerifiablePresentation), with
// the @digitalbazaar libraries and no Kindred code but the bundled contexts: what any wallet would do.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { documentLoader, generateIssuerKeyPair } from '@kindred/certificates';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';
import { person, signInFrom } from './support/security.js';

let t: TestApp;
let coordinator: Agent, volunteer: Agent;
let orgId: string;
let id: string;
let jordanId: string;
let signed: Record<string, unknown>;

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
/** The holder's current foundations certificate: each DID-bound delivery replaces it with the wallet's copy. */
const current = async (): Promise<string> => {
  const [row] = await t.db.query(
    `SELECT id FROM credentials WHERE holder_user_id = $1 AND program_slug = 'foundations'
        AND superseded_by IS NULL AND state <> 'revoked' ORDER BY issued_at DESC LIMIT 1`,
    [jordanId],
  );
  return row.id;
};
const makeExchange = async (who: Agent, certificateId?: string) =>
  who.agent
    .post(`/api/certificates/mine/${certificateId ?? (await current())}/wallet-exchange`)
    .set('x-csrf-token', who.csrf)
    .send();

const hasStatus = <R extends { status: number; body?: unknown }>(res: R, status: number): R => {
  expect(res.status).toBe(status);
  return res;
};

type WalletKey = Awaited<ReturnType<typeof generateIssuerKeyPair>>;
interface Vpr {
  query: { type: string; acceptedMethods?: { method: string }[] }[];
  challenge: string;
  domain: string;
}

/** The wallet's answer to a DIDAuthentication request: a presentation by its DID, for the challenge and domain. */
const didAuth = (key: WalletKey, vpr: Vpr, holder = key.did) =>
  vc.signPresentation({
    presentation: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder,
    },
    suite: new DataIntegrityProof({ signer: key.multikey.signer(), cryptosuite }),
    challenge: vpr.challenge,
    domain: vpr.domain,
    documentLoader,
  });

/** The wallet: no cookies, no CSRF token, only the link it was given (and its own did:key). */
const wallet = {
  protocols: (interactionUrl: string) =>
    t.http().get(path(interactionUrl)).set('accept', 'application/json'),
  start: (exchangeUrl: string) => t.http().post(path(exchangeUrl)).send({}),
  answer: (exchangeUrl: string, verifiablePresentation: object) =>
    t.http().post(path(exchangeUrl)).send({ verifiablePresentation }),
  /** every step: start, and when asked, authenticate with `key` */
  async participate(exchangeUrl: string, key?: WalletKey) {
    const first = await wallet.start(exchangeUrl);
    const vpr = first.body?.verifiablePresentationRequest as Vpr | undefined;
    if (first.status !== 200 || !vpr) return first;
    return wallet.answer(exchangeUrl, await didAuth(key ?? (await generateIssuerKeyPair()), vpr));
  },
};

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, volunteer, orgId } = await people(t));
  const jordan = await userId(t, 'jordan@kindred.demo');
  jordanId = jordan;
  id = (await issueProgram(coordinator, orgId, jordan, 'foundations').expect(201)).body.id;
  signed = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
});
afterAll(() => t.close());

describe('Add to wallet: a one-use, expiring VC-API exchange', () => {
  it('the holder makes an exchange; a wallet follows the deep link and receives the signed credential in a presentation', async () => {
    const made = hasStatus(await makeExchange(volunteer), 201);
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
    // 3. the wallet starts the exchange with an empty object; the program binds the wallet's DID, so it is asked
    //    to authenticate (DIDAuthentication) for this exchange's challenge and Kindred's domain
    const started = await wallet.start(protocols.body.protocols.vcapi).expect(200);
    const vpr = started.body.verifiablePresentationRequest as Vpr;
    expect(started.body.verifiablePresentation).toBeUndefined();
    expect(vpr).toEqual({
      query: [
        { type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }, { method: 'web' }] },
      ],
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      domain: 'localhost:3999',
    });
    // asking again is the same request: nothing is used up by it
    expect(
      (await wallet.start(exchangeUrl).expect(200)).body.verifiablePresentationRequest,
    ).toEqual(vpr);
    // 4. it answers with a presentation signed by its did:key and gets the certificate issued to that DID
    const key = await generateIssuerKeyPair();
    const res = await wallet.answer(exchangeUrl, await didAuth(key, vpr)).expect(200);
    const vp = res.body.verifiablePresentation;
    expect(vp['@context']).toEqual(['https://www.w3.org/ns/credentials/v2']);
    expect(vp.type).toEqual(['VerifiablePresentation']);
    expect(vp.holder).toBe(key.did);
    const [bound] = vp.verifiableCredential;
    expect(bound.credentialSubject.id).toBe(key.did);
    expect(bound.id).not.toBe(signed.id);
    expect(bound.name).toEqual(signed.name);
    expect(bound.validFrom).toBe(signed.validFrom);
    expect(bound.validUntil).toBe(signed.validUntil);
    expect(bound.credentialSubject.achievement).toEqual(
      (signed.credentialSubject as Record<string, unknown>).achievement,
    );
    // 5. what it got verifies; the copy it replaces says so
    const verified = await t
      .http()
      .post('/api/credentials/verify')
      .send({ verifiableCredential: bound })
      .expect(200);
    expect(verified.body.verified).toBe(true);
    const old = await t.http().get(`/api/credentials/${id}/verification`).expect(200);
    expect(old.body.supersededBy).toBe(bound.id.replace('urn:uuid:', ''));
    // an employer holding the earlier PDF is told it is the same certificate, now in a wallet — not renewed
    expect(old.body.verdict).toBe('valid');
    expect(old.body.replacedAs).toBe('wallet_copy');
    expect(old.body.summary).toContain('taken it to a digital wallet');
    expect(old.body.summary).not.toContain('renewed');
    const oldEs = await t
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('accept-language', 'es')
      .expect(200);
    expect(oldEs.body.summary).toContain('billetera digital');
    // the holder's list says the same: the earlier one has a copy in the wallet, it was not renewed
    const mine = (await volunteer.agent.get('/api/certificates/mine').expect(200)).body as {
      id: string;
      replacedAs: string | null;
    }[];
    expect(mine.find((c) => c.id === id)?.replacedAs).toBe('wallet_copy');
    expect(mine.find((c) => c.id === bound.id.replace('urn:uuid:', ''))?.replacedAs).toBeNull();
    // the audit line names the DID
    const [line] = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'credential.wallet_delivered' AND subject = $1`,
      [bound.id],
    );
    expect(line.details).toMatchObject({ walletDid: key.did, replaces: signed.id });
  });

  it('refuses a DID authentication that is unsigned, for another challenge, or by a key not the holder’s (400, nothing used)', async () => {
    const { exchangeUrl } = hasStatus(await makeExchange(volunteer), 201).body;
    const vpr = (await wallet.start(exchangeUrl).expect(200)).body
      .verifiablePresentationRequest as Vpr;
    const key = await generateIssuerKeyPair();
    const unsigned = await wallet
      .answer(exchangeUrl, {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder: key.did,
      })
      .expect(400);
    expect(JSON.stringify(unsigned.body)).toContain('verifiablePresentation must be signed');
    const otherChallenge = await wallet
      .answer(exchangeUrl, await didAuth(key, { ...vpr, challenge: 'another-exchange' }))
      .expect(400);
    expect(JSON.stringify(otherChallenge.body)).toContain(
      'verifiablePresentation does not authenticate the wallet’s DID',
    );
    const stranger = await generateIssuerKeyPair();
    const notTheirs = await wallet
      .answer(exchangeUrl, await didAuth(stranger, vpr, key.did))
      .set('accept-language', 'es')
      .expect(400);
    expect(JSON.stringify(notTheirs.body)).toContain('no autentica el DID de la billetera');
    // still open: the wallet can do it right
    hasStatus(await wallet.participate(exchangeUrl, key), 200);
  });

  it('a used exchange is refused (410) both to the wallet and to the interaction URL', async () => {
    const { exchangeUrl, interactionUrl } = hasStatus(await makeExchange(volunteer), 201).body;
    hasStatus(await wallet.participate(exchangeUrl), 200);
    const again = hasStatus(await wallet.participate(exchangeUrl), 410);
    expect(again.body.message).toMatch(/already used/);
    await wallet.protocols(interactionUrl).expect(410);
  });

  it('two wallets racing with one token: exactly one gets the credential', async () => {
    const { exchangeUrl } = hasStatus(await makeExchange(volunteer), 201).body;
    const answers = await Promise.all([
      wallet.participate(exchangeUrl),
      wallet.participate(exchangeUrl),
      wallet.participate(exchangeUrl),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410]);
  });

  it('an exchange expires after 15 minutes', async () => {
    const { exchangeUrl, interactionUrl } = hasStatus(await makeExchange(volunteer), 201).body;
    t.clock.advance(15 * 60_000 + 1000);
    try {
      const late = hasStatus(await wallet.participate(exchangeUrl), 410);
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
    const res = hasStatus(await makeExchange(stranger), 404);
    expect(res.body.message).toBe('There is no such certificate of yours');
    hasStatus(await makeExchange(coordinator), 404);
    hasStatus(await makeExchange(volunteer, '00000000-0000-4000-8000-000000000000'), 404);
    await t.http().post(`/api/certificates/mine/${id}/wallet-exchange`).expect(401);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM wallet_exchanges`);
    expect(after).toBe(before);
  });

  it('unknown and malformed tokens are not found', async () => {
    hasStatus(await wallet.participate(`http://x/api/exchanges/${'A'.repeat(43)}`), 404);
    await wallet.protocols(`http://x/api/exchanges/not-a-token/protocols`).expect(404);
  });

  it('the token is stored only as its hash, and making and completing are audited', async () => {
    const before = `urn:uuid:${await current()}`;
    const { exchangeUrl } = hasStatus(await makeExchange(volunteer), 201).body;
    const token = exchangeUrl.split('/').pop();
    const [row] = await t.db.query(
      `SELECT id, token_hash FROM wallet_exchanges ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    const key = await generateIssuerKeyPair();
    const got = hasStatus(await wallet.participate(exchangeUrl, key), 200);
    const bound = got.body.verifiablePresentation.verifiableCredential[0];
    const lines = await t.db.query(
      `SELECT action, actor, subject, details->>'walletDid' AS did FROM audit_log
        WHERE details->>'exchange' = $1 OR (action = 'credential.issue' AND subject = $2) ORDER BY seq`,
      [row.id, bound.id],
    );
    expect(lines).toEqual([
      {
        action: 'credential.wallet_exchange',
        actor: `user:${volunteer.user.id}`,
        subject: before,
        did: null,
      },
      // the delivery and the copy issued to the wallet's DID, in one transaction
      {
        action: 'credential.wallet_delivered',
        actor: `user:${volunteer.user.id}`,
        subject: bound.id,
        did: key.did,
      },
      {
        action: 'credential.issue',
        actor: `user:${volunteer.user.id}`,
        subject: bound.id,
        did: key.did,
      },
    ]);
  });

  it('a revoked certificate cannot be added to a wallet (409)', async () => {
    const jordan = await userId(t, 'jordan@kindred.demo');
    const other = (await issueProgram(coordinator, orgId, jordan, 'foundations').expect(201)).body
      .id;
    await changeStatus(coordinator, other, 'revoke', 'Issued in error in a test').expect(200);
    const res = hasStatus(await makeExchange(volunteer, other), 409);
    expect(res.body.message).toMatch(/revoked/);
  });
});

describe('A browser at the interaction URL', () => {
  // the revocation test above left the holder no current certificate of the program
  beforeAll(() => issueProgram(coordinator, orgId, jordanId, 'foundations').expect(201));
  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const browse = (interactionUrl: string, lang = 'en-US,en;q=0.9') =>
    t.http().get(path(interactionUrl)).set('accept', BROWSER_ACCEPT).set('accept-language', lang);

  it('gets a page in its language on adding the certificate to a wallet, with the LCW link, and uses nothing up', async () => {
    const { exchangeUrl, interactionUrl, deepLink } = hasStatus(
      await makeExchange(volunteer),
      201,
    ).body;
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
    hasStatus(await wallet.participate(exchangeUrl), 200);
    // once used, the browser is told so in words, with the way back (410)
    const gone = await browse(interactionUrl, 'es').expect(410);
    expect(gone.headers['content-type']).toMatch(/^text\/html/);
    expect(gone.text).toContain('<h1>Este enlace ya no se puede usar</h1>');
    expect(gone.text).toContain('href="/learn/certificates"');
  });

  it('a client that says nothing, or asks for JSON, gets the protocols object; an unknown token a 404 page', async () => {
    const { exchangeUrl, interactionUrl } = hasStatus(await makeExchange(volunteer), 201).body;
    const plain = await t.http().get(path(interactionUrl)).set('accept', '*/*').expect(200);
    expect(plain.body).toEqual({ protocols: { vcapi: exchangeUrl } });
    const missing = await browse(`http://x/api/exchanges/${'A'.repeat(43)}/protocols`).expect(404);
    expect(missing.text).toContain('<h1>This link can no longer be used</h1>');
  });
});
