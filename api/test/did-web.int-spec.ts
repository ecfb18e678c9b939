// DID_WEB_FETCH=false: the server fetches no did:web DID document for anyone. A credential from a did:web
// issuer, and a presentation from a did:web holder, are "not checked" with the setting named, and nothing
// connects to the issuer's address (a TCP server on 127.0.0.1 counts connections). With the default (on), the
// same credential is refused by the private-address guard instead, another reason (see did-web.spec.ts).
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { documentLoader, generateIssuerKeyPair } from '@kindred/certificates';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let server: Server;
let connections = 0;
let did: string;
let credential: Record<string, unknown>;
let presentation: Record<string, unknown>;

/** A signer whose proofs name a did:web verification method (the key itself is an ordinary Ed25519 one). */
function didWebSigner(key: Awaited<ReturnType<typeof generateIssuerKeyPair>>, vm: string) {
  const inner = key.multikey.signer();
  return { id: vm, algorithm: inner.algorithm, sign: (o: { data: Uint8Array }) => inner.sign(o) };
}

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  did = `did:web:127.0.0.1%3A${(server.address() as AddressInfo).port}`;
  const key = await generateIssuerKeyPair();
  const suite = () =>
    new DataIntegrityProof({ signer: didWebSigner(key, `${did}#key-1`), cryptosuite });
  credential = await vc.issue({
    credential: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:0b8f8a36-5d0e-4d55-9b61-0c9f3a1e2d47',
      type: ['VerifiableCredential'],
      issuer: did,
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:volunteer', name: 'Peer support, level 1' },
    },
    suite: suite(),
    documentLoader,
  });
  presentation = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiablePresentation'],
    holder: did,
  };
  t = await createTestApp({ DID_WEB_FETCH: 'false' });
  const { challenge } = (
    await t.http().post('/api/presentations/challenges').send({ domain: 'hr.example' }).expect(201)
  ).body as { challenge: string };
  presentation = await vc.signPresentation({
    presentation,
    suite: suite(),
    challenge,
    domain: 'hr.example',
    documentLoader,
  });
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('DID_WEB_FETCH=false', () => {
  it('answers not_checked for a did:web issuer, naming the setting, and fetches nothing', async () => {
    const res = await t
      .http()
      .post('/api/credentials/verify')
      .send({ verifiableCredential: credential });
    expect(res.body).toMatchObject({ verified: false, verdict: 'not_checked' });
    const signature = (res.body.checks as { id: string }[]).find((c) => c.id === 'signature');
    expect(signature).toMatchObject({ passed: false, notChecked: true, network: true });
    expect(res.body.problemDetails).toEqual([
      expect.objectContaining({
        title: 'Not checked',
        detail: expect.stringContaining(
          `did:web identifier (${did}), whose DID document must be fetched from its owner’s web site; this server is set not to fetch DID documents (DID_WEB_FETCH=false)`,
        ),
      }),
    ]);
    const es = await t
      .http()
      .post('/api/credentials/verify')
      .set('accept-language', 'es')
      .send({ verifiableCredential: credential });
    expect(es.body.problemDetails[0].detail).toContain(
      'este servidor está configurado para no descargar documentos DID (DID_WEB_FETCH=false)',
    );
    expect(connections).toBe(0);
  });

  it('answers a did:web holder’s presentation as not checked, naming the setting, fetching nothing', async () => {
    const res = await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: presentation, options: { domain: 'hr.example' } });
    expect(res.body.verified).toBe(false);
    expect(res.body.holderProofChecked).toBe(false);
    expect(res.body.presentationResult[0]).toMatchObject({
      id: 'signature',
      passed: false,
      notChecked: true,
      network: true,
    });
    expect(res.body.presentationResult[0].detail).toContain('(DID_WEB_FETCH=false)');
    expect(res.body.problemDetails[0].title).toBe('Presentation proof not checked');
    expect(connections).toBe(0);
  });
});
