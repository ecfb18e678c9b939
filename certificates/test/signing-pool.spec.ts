import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  buildOpenBadgeCredential,
  embedEndorsements,
  extractCredentialFromPdf,
  signCredential,
  SigningPool,
  type JsonObject,
} from '../src/index.js';
import { independentLoader } from './support/independent-loader.js';
import { makeOrgs, sampleInput, type Org } from './support/factory.js';

// The pool runs the built worker (this test runs the package from source; `pnpm test` builds it first).
const workerFile = new URL('../dist/signing-worker.js', import.meta.url);

let city: Org;
let university: Org;
let pool: SigningPool;

beforeAll(async () => {
  ({ city, university } = await makeOrgs());
  pool = new SigningPool({ threads: 2, workerFile });
});
afterAll(() => pool.destroy());

const libraryVerify = (credential: object) =>
  vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: independentLoader,
    checkStatus: async () => ({ verified: true }),
  });

describe('the signing pool', () => {
  it('signs in worker threads the same bytes as the library on this thread', async () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, undefined));
    const created = new Date('2026-11-01T10:00:00Z');
    const here = await signCredential(unsigned, city.key, { created });
    const before = pool.completed;
    const inPool = await pool.signCredential(unsigned, city.key, { created });
    expect(pool.completed).toBe(before + 1);
    expect(inPool).toEqual(here);
    expect((await libraryVerify(inPool)).verified).toBe(true);
  });

  it('endorses and signs a co-issued credential that the independent verifier accepts, many at once', async () => {
    const signed = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const unsigned = buildOpenBadgeCredential(sampleInput(city, university));
        const endorsement = await pool.signEndorsement(
          {
            credentialId: unsigned.id,
            endorser: university.profile,
            comment: 'Accredited for 3.0 CEUs.',
            validFrom: new Date(),
          },
          university.key,
        );
        return pool.signCredential(embedEndorsements(unsigned, [endorsement]), city.key);
      }),
    );
    expect(new Set(signed.map((s) => s.id)).size).toBe(8);
    for (const credential of signed) {
      expect((await libraryVerify(credential)).verified).toBe(true);
      expect((await libraryVerify((credential.endorsement as JsonObject[])[0])).verified).toBe(
        true,
      );
    }
  });

  it('renders a PDF whose attachment is the signed credential', async () => {
    const signed = await pool.signCredential(
      buildOpenBadgeCredential(sampleInput(city, undefined)),
      city.key,
    );
    const pdf = await pool.renderPdf({
      holderName: 'Ana Pérez',
      achievementName: 'Peer Support Foundations',
      issuerName: city.profile.name,
      validFrom: new Date(),
      certificateId: String(signed.id),
      verifyUrl: `https://kindred.example/verify/${String(signed.id).slice(9)}`,
      credentialJson: signed,
    });
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(extractCredentialFromPdf(pdf)).toEqual(signed);
  });

  it('passes a signing failure back to the caller', async () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, undefined));
    await expect(pool.signCredential(unsigned, university.key)).rejects.toThrow(
      /is not the signing key's did/,
    );
  });

  it('with no threads signs on the calling thread', async () => {
    const inline = new SigningPool({ threads: 0 });
    const signed = await inline.signEndorsement(
      {
        credentialId: 'urn:uuid:6f1c2c3e-1b7e-4a55-9d1e-3a0f8a5b2c10',
        endorser: university.profile,
        comment: 'c',
        validFrom: new Date(),
      },
      university.key,
    );
    expect((await libraryVerify(signed)).verified).toBe(true);
    expect(inline.completed).toBe(0);
    await inline.destroy();
  });

  it('names the missing worker file', () => {
    expect(
      () =>
        new SigningPool({ threads: 1, workerFile: new URL('../dist/nope.js', import.meta.url) }),
    ).toThrow(/nope\.js is missing/);
  });
});
