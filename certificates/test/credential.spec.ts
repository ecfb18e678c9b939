import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  buildEndorsement,
  buildOpenBadgeCredential,
  embedEndorsements,
  hashIdentity,
  signCredential,
  subjectHasEmail,
  type JsonObject,
} from '../src/index.js';
import { independentLoader } from './support/independent-loader.js';
import { issueCoIssued, makeOrgs, sampleInput, StatusLists, type Org } from './support/factory.js';

/** @digitalbazaar/vc's own verifier, with the eddsa-rdfc-2022 suite: independent of src/verify.ts. */
async function libraryVerify(credential: object) {
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: independentLoader,
    checkStatus: async () => ({ verified: true }),
  });
}

let city: Org;
let university: Org;
let lists: StatusLists;
let signed: JsonObject;

beforeAll(async () => {
  ({ city, university } = await makeOrgs());
  lists = new StatusLists(city);
  signed = await issueCoIssued(city, university, lists);
});

describe('an Open Badges 3.0 credential', () => {
  it('has the VC 2.0 context first, then OB 3.0.3, and the OB types', () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, undefined));
    expect(unsigned['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(unsigned.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(unsigned.id).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(unsigned.issuer).toEqual({
      id: city.key.did,
      type: ['Profile'],
      name: city.profile.name,
      url: city.profile.url,
    });
    expect(unsigned.credentialSubject).toMatchObject({
      type: ['AchievementSubject'],
      name: 'Ana Pérez',
    });
  });

  it('never carries the holder e-mail in clear, only a salted hash that can be matched', () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, undefined));
    expect(JSON.stringify(unsigned).toLowerCase()).not.toContain('ana.perez@example.org');
    const [identity] = (unsigned.credentialSubject as { identifier: JsonObject[] }).identifier;
    expect(identity).toMatchObject({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
    });
    expect(identity.identityHash).toBe(
      hashIdentity('ana.perez@example.org', identity.salt as string),
    );
    expect(subjectHasEmail(unsigned.credentialSubject, ' ANA.PEREZ@example.org ')).toBe(true);
    expect(subjectHasEmail(unsigned.credentialSubject, 'someone@example.org')).toBe(false);
  });

  it('gives every credential a different random id', () => {
    const ids = new Set(
      Array.from({ length: 50 }, () => buildOpenBadgeCredential(sampleInput(city, undefined)).id),
    );
    expect(ids.size).toBe(50);
  });

  it('rejects validUntil before validFrom', () => {
    expect(() =>
      buildOpenBadgeCredential(
        sampleInput(city, undefined, {
          validFrom: '2026-01-02T00:00:00Z',
          validUntil: '2026-01-01T00:00:00Z',
        }),
      ),
    ).toThrow(/must be after/);
  });

  it('is signed with a DataIntegrityProof (eddsa-rdfc-2022, assertionMethod) by the issuer did:key', () => {
    expect(signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: city.key.verificationMethod,
    });
  });

  it('verifies with @digitalbazaar/vc directly', async () => {
    const result = await libraryVerify(signed);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('embeds a university endorsement about this credential that verifies on its own', async () => {
    const [endorsement] = signed.endorsement as JsonObject[];
    expect(endorsement.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(endorsement.issuer).toMatchObject({
      id: university.key.did,
      name: 'Riverside University',
    });
    expect(endorsement.credentialSubject).toMatchObject({
      id: signed.id,
      type: ['EndorsementSubject'],
    });
    const result = await libraryVerify(endorsement);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('names the university as the achievement creator with the credits', () => {
    const subject = signed.credentialSubject as JsonObject;
    expect(subject.creditsEarned).toBe(3);
    expect(subject.achievement).toMatchObject({
      creditsAvailable: 3,
      creator: { id: university.key.did, type: ['Profile'] },
    });
  });

  it('refuses to sign for another issuer, or to embed endorsements after signing or about another credential', async () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, undefined));
    await expect(signCredential(unsigned, university.key)).rejects.toThrow(
      /is not the signing key's did/,
    );
    expect(() => embedEndorsements(signed as never, [])).toThrow(/before the issuer signs/);
    const other = buildEndorsement({
      credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000',
      endorser: university.profile,
      comment: 'x',
      validFrom: new Date(),
    });
    expect(() => embedEndorsements(unsigned, [{ ...other, proof: {} }])).toThrow(/not .*urn:uuid/);
  });
});
