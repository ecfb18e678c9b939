import { createHash, randomBytes } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  documentLoader,
  generateIssuerKeyPair,
  type IssuerKeyPair,
  type JsonObject,
} from '@kindred/certificates';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { people } from './support/certificates.js';
import { KeyringService } from '../src/certificates/keyring.service.js';

// The causes the W3C suites (vc-data-model-2.0, vc-di-eddsa, bitstring status list) found, one by one, as
// project tests: other issuers' credentials, VC 1.1, proof sets and chains, empty presentations, what the
// issuer accepts and refuses, and the VC-API status update route.

let t: TestApp;
let coordinator: Agent;
let staff: Agent;
let orgId: string;
let token: string;
let did: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, staff, orgId } = await people(t));
  token = (
    await coordinator.agent
      .post(`/api/organizations/${orgId}/api-clients`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ name: 'conformance' })
      .expect(201)
  ).body.token;
  did = (await t.app.get(KeyringService).activeKey(orgId)).key.did;
});
afterAll(() => t.close());

const V2 = 'https://www.w3.org/ns/credentials/v2';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const DI = 'https://w3id.org/security/data-integrity/v2';

const verify = (credential: object) =>
  t.http().post('/api/credentials/verify').send({ verifiableCredential: credential });
const issue = (body: object, auth = `Bearer ${token}`) =>
  t.http().post('/api/credentials/issue').set('authorization', auth).send(body);
const credential = (extra: object = {}) => ({
  '@context': [V2],
  type: ['VerifiableCredential'],
  issuer: did,
  credentialSubject: { id: 'did:example:volunteer-7' },
  ...extra,
});

/** Signed by another issuer with the independent library, as a wallet or another program would. */
async function foreignSign(unsigned: object, key: IssuerKeyPair, proof: object = {}) {
  const suite = new DataIntegrityProof({ signer: key.multikey.signer(), cryptosuite });
  Object.assign(suite, { proof });
  const { proof: _old, ...credential } = structuredClone(unsigned) as Record<string, any>;
  return vc.issue({ credential, suite, documentLoader });
}

/**
 * VC Data Integrity "add proof" for a chain: the new proof, naming the previous one, signs the document
 * together with that previous proof (not the bare credential), and joins the proof set.
 */
async function chainProof(signed: Record<string, any>, key: IssuerKeyPair, previousId: string) {
  const suite = new DataIntegrityProof({ signer: key.multikey.signer(), cryptosuite }) as any;
  suite.proof = { previousProof: previousId };
  const purpose = {
    update: async (p: object) => ({ ...p, proofPurpose: 'assertionMethod' }),
  };
  const proof = await suite.createProof({
    document: signed,
    purpose,
    proofSet: [],
    documentLoader,
  });
  return { ...signed, proof: [signed.proof, proof] };
}

describe('verifying credentials Kindred did not issue', () => {
  let other: IssuerKeyPair;
  let v11: Record<string, any>;

  beforeAll(async () => {
    other = await generateIssuerKeyPair();
    v11 = await foreignSign(
      {
        '@context': [V1, DI],
        type: ['VerifiableCredential'],
        issuer: other.did,
        issuanceDate: '2025-01-01T00:00:00Z',
        expirationDate: '2099-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:someone' },
      },
      other,
    );
  });

  it('a VC 1.1 credential of another issuer verifies; the registry check is reported beside it', async () => {
    const res = await verify(v11).expect(200);
    expect(res.body).toMatchObject({
      verified: true,
      problemDetails: [],
      verdict: 'unknown_issuer',
    });
    const issuer = res.body.checks.find((c: { id: string }) => c.id === 'issuer');
    expect(issuer.passed).toBe(false);
    expect(issuer.detail).toContain(`Check who ${other.did} is`);
    expect(res.body.summary).toMatch(/^Signed correctly by an issuer Kindred does not know/);
  });

  it('uses the VC 1.1 dates: an expirationDate in the past is expired', async () => {
    const expired = await foreignSign({ ...v11, expirationDate: '2025-06-01T00:00:00Z' }, other);
    const res = await verify(expired).expect(400);
    expect(res.body.checks.find((c: { id: string }) => c.id === 'dates')).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/expired on 2025-06-01/),
    });
  });

  it('a tampered one fails', async () => {
    const tampered = structuredClone(v11);
    tampered.credentialSubject.id = 'did:example:someone-else';
    const res = await verify(tampered).expect(400);
    expect(res.body).toMatchObject({ verified: false, verdict: 'tampered' });
  });

  it('a proof set verifies only when every proof verifies', async () => {
    const witness = await generateIssuerKeyPair();
    const signed = await foreignSign(v11, other);
    const second = await foreignSign(v11, witness);
    const set = { ...signed, proof: [signed.proof, second.proof] };
    expect((await verify(set).expect(200)).body.verified).toBe(true);
    const broken = structuredClone(set);
    broken.proof[1].proofValue = signed.proof.proofValue;
    expect((await verify(broken).expect(400)).body.verified).toBe(false);
  });

  it('a previousProof chain is verified in order, and a chain to a missing proof fails', async () => {
    const first = await foreignSign(v11, other, {
      id: 'urn:uuid:0b8bd0f6-7e0c-4f43-9d25-c7bda7bc1111',
    });
    const witness = await generateIssuerKeyPair();
    const chained = await chainProof(
      first,
      witness,
      'urn:uuid:0b8bd0f6-7e0c-4f43-9d25-c7bda7bc1111',
    );
    expect((await verify(chained).expect(200)).body.verified).toBe(true);
    // The same second proof made over the bare credential (no chain) does not verify as a chained one.
    const unchained = await foreignSign(v11, witness, {
      previousProof: 'urn:uuid:0b8bd0f6-7e0c-4f43-9d25-c7bda7bc1111',
    });
    const fake = { ...first, proof: [first.proof, unchained.proof] };
    expect((await verify(fake).expect(400)).body.verified).toBe(false);
    const dangling = structuredClone(chained);
    dangling.proof[1].previousProof = 'urn:uuid:00000000-0000-4000-8000-000000000000';
    const res = await verify(dangling).expect(400);
    expect(res.body.checks[0].detail).toMatch(/previous proof/);
  });

  it('an empty presentation verifies; a presentation with a string credential does not', async () => {
    const empty = { '@context': [V2], type: ['VerifiablePresentation'] };
    const ok = await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: empty })
      .expect(200);
    expect(ok.body).toMatchObject({ verified: true, credentialResults: [], problemDetails: [] });
    await t
      .http()
      .post('/api/presentations/verify')
      .send({
        verifiablePresentation: { ...empty, verifiableCredential: ['https://x.example/vc'] },
      })
      .expect(400);
    await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: { ...empty, '@context': ['https://example.org/unknown'] } })
      .expect(400);
  });
});

describe('what the issuer accepts', () => {
  const setUnrevocable = (allow: boolean) =>
    t.db.query('UPDATE organizations SET allow_unrevocable_credentials = $2 WHERE id = $1', [
      orgId,
      allow,
    ]);
  // A VC 1.1 input gets no Kindred status entries unless options ask (their context is VC 2.0's), so it can
  // never be revoked: only an organization that allowed that may issue it (a conformance run's must).
  beforeAll(() => setUnrevocable(true));
  afterAll(() => setUnrevocable(false));

  it('refuses a VC 1.1 input that would have no status entries where the organization does not allow it', async () => {
    await setUnrevocable(false);
    try {
      const res = await issue({
        credential: {
          '@context': [V1],
          type: ['VerifiableCredential'],
          issuer: did,
          credentialSubject: { id: 'did:example:a' },
        },
      });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain('could never be revoked');
    } finally {
      await setUnrevocable(true);
    }
  });

  it('signs a VC 1.1 input (issuanceDate set when absent), and it verifies', async () => {
    const res = await issue({
      credential: {
        '@context': [V1],
        type: ['VerifiableCredential'],
        issuer: did,
        credentialSubject: { id: 'did:example:a' },
      },
    });
    expect(res.body.problemDetails ?? []).toEqual([]);
    expect(res.status).toBe(201);
    const signed = res.body.verifiableCredential;
    expect(signed.issuanceDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(signed['@context']).toEqual([V1, DI]);
    expect(signed.credentialStatus).toBeUndefined();
    const withStatus = await issue({
      credential: {
        '@context': [V1],
        type: ['VerifiableCredential'],
        issuer: did,
        credentialSubject: { id: 'did:example:b' },
      },
      options: {
        credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      },
    }).expect(201);
    expect(withStatus.body.verifiableCredential['@context']).toEqual([
      V1,
      'https://www.w3.org/ns/credentials/status/v1',
      DI,
    ]);
    expect((await verify(withStatus.body.verifiableCredential).expect(200)).body.verdict).toBe(
      'valid',
    );
    expect((await verify(signed).expect(200)).body.verdict).toBe('valid');
  });

  it('accepts any URL id once, and refuses it the second time', async () => {
    const id = `https://programs.example/credentials/${randomBytes(6).toString('hex')}`;
    const res = await issue({ credential: credential({ id }) }).expect(201);
    expect(res.body.verifiableCredential.id).toBe(id);
    expect((await verify(res.body.verifiableCredential).expect(200)).body.verified).toBe(true);
    await issue({ credential: credential({ id }) }).expect(409);
    const notUrl = await issue({ credential: credential({ id: 'not a url' }) }).expect(400);
    expect(notUrl.body.problemDetails[0].detail).toMatch(/id must be a URL/);
  });

  it('keeps a caller’s well-formed credentialStatus, replaces it when options ask, refuses a malformed one', async () => {
    const status = { id: 'https://status.example/1#5', type: 'ExampleStatusEntry' };
    const ctx = [V2, { ExampleStatusEntry: 'https://example.org/examples#ExampleStatusEntry' }];
    const kept = await issue({
      credential: credential({ '@context': ctx, credentialStatus: status }),
    }).expect(201);
    expect(kept.body.verifiableCredential.credentialStatus).toEqual(status);
    const replaced = await issue({
      credential: credential({ '@context': ctx, credentialStatus: status }),
      options: {
        credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      },
    }).expect(201);
    expect(replaced.body.verifiableCredential.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
    });
    const bad = await issue({
      credential: credential({ credentialStatus: { id: 'https://s.example/1' } }),
    }).expect(400);
    expect(bad.body.problemDetails[0].detail).toMatch(/credentialStatus entry must have a type/);
  });

  it('loads the bundled examples/v2 context, and still refuses an unknown context by name', async () => {
    await issue({
      credential: credential({
        '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
        type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      }),
    }).expect(201);
    const unknown = await issue({
      credential: credential({ '@context': [V2, 'https://contexts.example/unknown/v1'] }),
    }).expect(400);
    expect(unknown.body.problemDetails[0].detail).toContain('https://contexts.example/unknown/v1');
  });

  const V2_DIGEST = {
    id: 'https://www.w3.org/ns/credentials/v2',
    digestSRI: 'sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg',
  };
  const invalid: [string, object, RegExp][] = [
    [
      'refreshService without type',
      { refreshService: { id: 'https://r.example/1' } },
      /refreshService entry must have a type/,
    ],
    [
      'credentialSchema without type',
      { credentialSchema: { id: 'https://s.example/1' } },
      /credentialSchema entry must have a type/,
    ],
    [
      'credentialSchema without id',
      { credentialSchema: { type: 'JsonSchema' } },
      /credentialSchema entry must have an id/,
    ],
    [
      'relatedResource as strings',
      { relatedResource: ['https://www.w3.org/ns/credentials/v2'] },
      /relatedResource entry must be an object/,
    ],
    [
      'relatedResource without id',
      { relatedResource: [{ digestSRI: V2_DIGEST.digestSRI }] },
      /relatedResource\[0\]\.id must be a URL/,
    ],
    [
      'relatedResource with a duplicate id',
      { relatedResource: [V2_DIGEST, V2_DIGEST] },
      /appears twice/,
    ],
    [
      'relatedResource without digest',
      { relatedResource: [{ id: V2_DIGEST.id }] },
      /digestSRI or a digestMultibase/,
    ],
    [
      'relatedResource with a wrong digest',
      {
        relatedResource: [
          { id: V2_DIGEST.id, digestMultibase: 'uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0' },
        ],
      },
      /does not match/,
    ],
    [
      'evidence without type',
      { evidence: [{ id: 'https://e.example/1' }] },
      /evidence entry must have a type/,
    ],
    [
      'a subject that makes no claim',
      { credentialSubject: {} },
      /credentialSubject must be an object that says something/,
    ],
    ['an invalid validFrom', { validFrom: '2024-13-45' }, /validFrom is not a valid date-time/],
    ['an invalid validUntil', { validUntil: 'tomorrow' }, /validUntil is not a valid date-time/],
    [
      'validFrom after validUntil',
      { validFrom: '2030-01-01T00:00:00Z', validUntil: '2029-01-01T00:00:00Z' },
      /is after validUntil/,
    ],
  ];
  it.each(invalid)(
    'refuses %s with a 400 naming the field, never a 500',
    async (_what, extra, detail) => {
      const res = await issue({ credential: credential(extra) });
      expect(res.status).toBe(400);
      expect(res.body.problemDetails.map((p: { detail: string }) => p.detail).join(' ')).toMatch(
        detail,
      );
    },
  );

  it('signs a relatedResource whose digest matches the published VC 2.0 context (sha384 SRI and sha256 multibase)', async () => {
    await issue({ credential: credential({ relatedResource: [V2_DIGEST] }) }).expect(201);
    await issue({
      credential: credential({
        relatedResource: [
          { id: V2_DIGEST.id, digestMultibase: 'uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k' },
        ],
      }),
    }).expect(201);
  });
});

describe('VC-API status update', () => {
  const setStatus = (body: object, auth = `Bearer ${token}`) =>
    t.http().post('/api/credentials/status').set('authorization', auth).send(body);
  const entry = (statusPurpose: string) => [{ type: 'BitstringStatusListEntry', statusPurpose }];

  it('suspends, lifts and revokes a credential of the caller’s organization, audited under the client', async () => {
    const signed = (await issue({ credential: credential() }).expect(201)).body
      .verifiableCredential;
    await setStatus({
      credentialId: signed.id,
      credentialStatus: entry('suspension'),
      status: true,
    }).expect(200);
    expect((await verify(signed).expect(400)).body.verdict).toBe('suspended');
    await setStatus({
      credentialId: signed.id,
      credentialStatus: entry('suspension'),
      status: false,
    }).expect(200);
    expect((await verify(signed).expect(200)).body.verdict).toBe('valid');
    await setStatus({
      credentialId: signed.id,
      credentialStatus: entry('revocation'),
      status: true,
    }).expect(200);
    expect((await verify(signed).expect(400)).body.verdict).toBe('revoked');
    await setStatus({
      credentialId: signed.id,
      credentialStatus: entry('revocation'),
      status: false,
    }).expect(409);
    const audit = await t.db.query(
      `SELECT action, actor FROM audit_log WHERE subject = $1 ORDER BY seq`,
      [signed.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'credential.issue',
      'credential.suspend',
      'credential.unsuspend',
      'credential.revoke',
    ]);
    expect(audit.every((a: { actor: string }) => a.actor === `client:${token.split('.')[0]}`)).toBe(
      true,
    );
  });

  it('is refused to another organization’s client, and names the field of a malformed request', async () => {
    const signed = (await issue({ credential: credential() }).expect(201)).body
      .verifiableCredential;
    const universityId = staff.user.memberships[0].organizationId;
    const secret = randomBytes(32).toString('base64url');
    await t.db.query(
      `INSERT INTO api_clients (client_id, secret_hash, name, organization_id) VALUES ($1, $2, $3, $4)`,
      [
        'kc_university1',
        createHash('sha256').update(secret).digest('hex'),
        'university',
        universityId,
      ],
    );
    await setStatus(
      { credentialId: signed.id, credentialStatus: entry('revocation'), status: true },
      `Bearer kc_university1.${secret}`,
    ).expect(404);
    expect((await verify(signed).expect(200)).body.verdict).toBe('valid');
    const noId = await setStatus({ credentialStatus: entry('revocation'), status: true }).expect(
      400,
    );
    expect(noId.body.problemDetails[0].detail).toMatch(/credentialId/);
    const badPurpose = await setStatus({
      credentialId: signed.id,
      credentialStatus: entry('refresh'),
      status: true,
    }).expect(400);
    expect(badPurpose.body.problemDetails[0].detail).toMatch(/credentialStatus/);
    const badStatus = await setStatus({
      credentialId: signed.id,
      credentialStatus: entry('revocation'),
      status: 'yes',
    }).expect(400);
    expect(badStatus.body.problemDetails[0].detail).toMatch(/status must be/);
    await setStatus(
      { credentialId: signed.id, credentialStatus: entry('revocation'), status: true },
      '',
    ).expect(401);
  });
});

export type { JsonObject };
