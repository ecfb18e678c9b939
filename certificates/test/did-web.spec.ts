// did:web issuers: the DID document comes from a real HTTPS server on 127.0.0.1 (self-signed certificate
// made by `selfsigned`), resolved through @digitalbazaar/did-method-web with the private-address guard.
import { createServer, type Server } from 'node:https';
import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { generate } from 'selfsigned';
import {
  CachedVerifier,
  checkPresentationProof,
  createDidWebResolver,
  disabledDidWebResolver,
  documentLoader,
  generateIssuerKeyPair,
  signPresentation,
  isPrivateAddress,
  verifyCredential,
  type Check,
  type JsonObject,
  type VerificationResult,
  type VerifyOptions,
} from '../src/index.js';

let server: Server;
let cert: string;
let did: string;
let signed: JsonObject;
let holderKey: Awaited<ReturnType<typeof Ed25519Multikey.generate>>;
let requests = 0;
type LookupAll = (error: Error | null, addresses: LookupAddress[]) => void;

const check = (r: VerificationResult, id: Check['id']) => r.checks.find((c) => c.id === id)!;
const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({
  getStatusList: () => Promise.resolve(undefined),
  ...extra,
});
const trusting = () =>
  createDidWebResolver({ ca: cert, allowPrivateHosts: ['127.0.0.1'], timeoutMs: 3000 });

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  cert = pems.cert;
  let didDocument: JsonObject = {};
  server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    requests += 1;
    if (req.url !== '/.well-known/did.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(didDocument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  did = `did:web:127.0.0.1%3A${port}`;
  const key = await Ed25519Multikey.generate({ id: `${did}#key-1`, controller: did });
  const publicKey = await key.export({ publicKey: true, includeContext: false });
  didDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [publicKey as unknown as JsonObject],
    assertionMethod: [publicKey.id!],
    // the same key signs presentations when this DID is their holder
    authentication: [publicKey.id!],
  };
  holderKey = key;
  signed = (await vc.issue({
    credential: {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://www.w3.org/ns/credentials/examples/v2',
      ],
      id: 'urn:uuid:4a3d8c1e-8f0b-4c1e-9d39-2f6f1e0b7a11',
      type: ['VerifiableCredential', 'ExampleCredential'],
      issuer: did,
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:holder', completed: 'Peer support, level 1' },
    },
    suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
    documentLoader,
  })) as JsonObject;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('did:web issuers', () => {
  it('verifies a credential whose key is in a did:web DID document fetched over HTTPS', async () => {
    const r = await verifyCredential(signed, options({ didWeb: trusting() }));
    expect(check(r, 'signature')).toMatchObject({ passed: true, network: true });
    expect(r.verdict).toBe('valid');
  });

  it('reports an issuer outside the registry beside a correct signature', async () => {
    const r = await verifyCredential(
      signed,
      options({ didWeb: trusting(), knownIssuers: new Set(['did:key:z6MkSomeoneElse']) }),
    );
    expect(check(r, 'signature').passed).toBe(true);
    expect(r.verdict).toBe('unknown_issuer');
    expect(check(r, 'issuer').detail).toContain(did);
  });

  it('finds a changed claim tampered', async () => {
    const changed = {
      ...signed,
      credentialSubject: { id: 'did:example:holder', completed: 'Peer support, level 3' },
    };
    const r = await verifyCredential(changed, options({ didWeb: trusting() }));
    expect(r.verdict).toBe('tampered');
  });

  it('fetches a DID document once and then answers from its cache', async () => {
    const resolver = trusting();
    const before = requests;
    await verifyCredential(signed, options({ didWeb: resolver }));
    await verifyCredential(signed, options({ didWeb: resolver }));
    expect(requests - before).toBe(1);
  });

  it('answers "not checked" in plain words, without throwing, when the DID document cannot be fetched', async () => {
    // a port nothing listens on
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = { ...signed, issuer: `did:web:127.0.0.1%3A${port}` };
    const proof = { ...(signed.proof as JsonObject) };
    proof.verificationMethod = `did:web:127.0.0.1%3A${port}#key-1`;
    const r = await verifyCredential(
      { ...unreachable, proof },
      options({
        didWeb: createDidWebResolver({ allowPrivateHosts: ['127.0.0.1'], timeoutMs: 2000 }),
      }),
    );
    expect(r.verdict).toBe('not_checked');
    expect(r.summary).toMatch(
      /^Not checked: The issuer’s DID document could not be fetched from https:\/\/127\.0\.0\.1:\d+\/\.well-known\/did\.json \(.+\), so the signature could not be checked\.$/,
    );
    expect(check(r, 'signature')).toMatchObject({ passed: false, notChecked: true });
    expect(check(r, 'dates').notChecked).toBe(true);
  });

  it('refuses to fetch from a private or loopback address (SSRF guard) and says so', async () => {
    const before = requests;
    const r = await verifyCredential(
      signed,
      options({ didWeb: createDidWebResolver({ ca: cert }) }),
    );
    expect(requests).toBe(before);
    expect(r.verdict).toBe('not_checked');
    expect(r.summary).toContain('is a private or local network address (127.0.0.1)');
  });

  it('refuses cloud metadata, private-network and localhost hosts before any connection', async () => {
    const resolver = createDidWebResolver();
    for (const host of ['169.254.169.254', '10.0.0.8', 'localhost%3A8443', '%5B%3A%3A1%5D']) {
      await expect(resolver(`did:web:${host}`)).rejects.toThrow(/private or local network address/);
    }
  });

  it('refuses a name that resolves to a loopback address, checked when the socket connects', async () => {
    // a public-looking name passes the name check; its DNS answer (here a stand-in for the DNS server,
    // as in a rebinding attack) is 127.0.0.1, which the guarded lookup of the connection refuses
    const before = requests;
    const port = did.split('%3A')[1];
    const rebinding = ((_host: string, _options: unknown, done: LookupAll) =>
      done(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dnsLookup;
    const resolver = createDidWebResolver({ ca: cert, dnsLookup: rebinding });
    await expect(resolver(`did:web:issuer.example.org%3A${port}`)).rejects.toThrow(
      /issuer\.example\.org:\d+ is a private or local network address \(127\.0\.0\.1\)/,
    );
    expect(requests).toBe(before);
  });

  it('classifies addresses: private, loopback, link-local and mapped ones are refused', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254'])
      expect(isPrivateAddress(a)).toBe(true);
    for (const a of ['::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1'])
      expect(isPrivateAddress(a)).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isPrivateAddress(a)).toBe(false);
  });

  it('does not fetch anything offline: a did:web signature is not checked', async () => {
    const before = requests;
    const r = await verifyCredential(signed, options({ didWeb: trusting(), offline: true }));
    expect(requests).toBe(before);
    expect(r.verdict).toBe('not_checked');
  });

  it('does not cache an unreachable issuer: the cached verifier asks again', async () => {
    const verifier = new CachedVerifier();
    const refused = await verifier.verify(
      signed,
      options({ didWeb: createDidWebResolver({ ca: cert }) }),
    );
    expect(refused.verdict).toBe('not_checked');
    const r = await verifier.verify(signed, options({ didWeb: trusting() }));
    expect(r.verdict).toBe('valid');
  });
});

describe('DID_WEB_FETCH=false (disabledDidWebResolver)', () => {
  it('fetches nothing: a did:web issuer is not checked, the reason naming the setting', async () => {
    const before = requests;
    const r = await verifyCredential(
      signed,
      options({ didWeb: disabledDidWebResolver('DID_WEB_FETCH=false') }),
    );
    expect(requests).toBe(before);
    expect(r.verdict).toBe('not_checked');
    expect(check(r, 'signature')).toMatchObject({ passed: false, notChecked: true, network: true });
    expect(check(r, 'signature').detail).toBe(
      `It is signed with a did:web identifier (${did}), whose DID document must be fetched from its owner’s web site; this server is set not to fetch DID documents (DID_WEB_FETCH=false), so the signature was not checked.`,
    );
    const es = await verifyCredential(
      signed,
      options({ didWeb: disabledDidWebResolver('DID_WEB_FETCH=false'), lang: 'es' }),
    );
    expect(check(es, 'signature').detail).toContain(
      'este servidor está configurado para no descargar',
    );
  });
});

describe('did:web holders of presentations', () => {
  /** A presentation of `signed` by the did:web holder, its key from the DID document served over HTTPS. */
  async function presentation(
    challenge: string,
    holder = did,
    key: { signer(): unknown } = holderKey,
  ): Promise<JsonObject> {
    return (await vc.signPresentation({
      presentation: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder,
        verifiableCredential: [signed],
      },
      suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite }),
      challenge,
      domain: 'kindred.example',
      documentLoader,
    })) as JsonObject;
  }

  it('verifies a presentation signed by a did:web holder key, fetched through the guarded resolver', async () => {
    const vp = await presentation('c-1');
    const r = await checkPresentationProof(vp, {
      challenge: 'c-1',
      domain: 'kindred.example',
      didWeb: trusting(),
    });
    expect(r).toMatchObject({ passed: true, signer: did });
    expect(r.notChecked).toBeUndefined();
  });

  it('finds a wrong challenge, or a changed presentation, not valid', async () => {
    const vp = await presentation('c-2');
    const wrong = await checkPresentationProof(vp, { challenge: 'other', didWeb: trusting() });
    expect(wrong.passed).toBe(false);
    expect(wrong.notChecked).toBeUndefined();
    const changed = await checkPresentationProof(
      { ...vp, verifiableCredential: [] },
      { challenge: 'c-2', didWeb: trusting() },
    );
    expect(changed).toMatchObject({ passed: false });
    expect(changed.detail).toMatch(/^The presentation’s proof does not verify/);
  });

  it('is not checked without a resolver, with the private-address guard, or with fetching off', async () => {
    const vp = await presentation('c-3');
    const before = requests;
    const offline = await checkPresentationProof(vp, { challenge: 'c-3' });
    expect(offline).toMatchObject({ passed: false, notChecked: true });
    expect(offline.detail).toContain('this check fetches nothing (offline)');
    const guarded = await checkPresentationProof(vp, {
      challenge: 'c-3',
      didWeb: createDidWebResolver({ ca: cert }),
    });
    expect(guarded).toMatchObject({ passed: false, notChecked: true });
    expect(guarded.detail).toContain('is a private or local network address (127.0.0.1)');
    const off = await checkPresentationProof(vp, {
      challenge: 'c-3',
      didWeb: disabledDidWebResolver('DID_WEB_FETCH=false'),
    });
    expect(off).toMatchObject({ passed: false, notChecked: true });
    expect(off.detail).toContain('(DID_WEB_FETCH=false)');
    expect(requests).toBe(before);
  });

  it('refuses a presentation naming a holder whose key did not sign it', async () => {
    // signed by a did:key, but claiming the did:web holder
    const stranger = await generateIssuerKeyPair();
    const vp = await signPresentation([signed], stranger, { challenge: 'c-4' });
    const r = await checkPresentationProof(
      { ...vp, holder: did },
      { challenge: 'c-4', didWeb: trusting() },
    );
    expect(r.passed).toBe(false);
    expect(r.detail).toBe(
      `The presentation names ${did} as its holder but is signed by a key of ${stranger.did}: only the holder’s own key can sign it.`,
    );
    // and the did:key holder's own presentation still verifies, offline
    expect(await checkPresentationProof(vp, { challenge: 'c-4' })).toMatchObject({
      passed: true,
      signer: stranger.did,
    });
  });
});
