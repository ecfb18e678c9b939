import { createRequire } from 'node:module';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  fastContextCloneInstalled,
  installFastContextClone,
  uninstallFastContextClone,
  documentLoader,
  verifyCredential,
  type JsonObject,
} from '../src/index.js';
import { cachedSigner } from '../src/sign.js';
import { independentLoader } from './support/independent-loader.js';
import { issueCoIssued, makeOrgs, StatusLists } from './support/factory.js';

// The jsonld instance @digitalbazaar/vc signs and verifies with.
const fromVc = createRequire(createRequire(import.meta.url).resolve('@digitalbazaar/vc'));
const jsonld = fromVc('jsonld') as { canonize(input: object, options: object): Promise<string> };
const canonical = (doc: object) =>
  jsonld.canonize(doc, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    documentLoader,
    safe: true,
  });

/** With jsonld's own deep clone of the active context (the stock stack), whatever the module installed. */
async function stock<T>(fn: () => Promise<T>): Promise<T> {
  uninstallFastContextClone();
  try {
    return await fn();
  } finally {
    installFastContextClone();
  }
}

let signed: JsonObject;
let lists: StatusLists;
beforeAll(async () => {
  const { city, university } = await makeOrgs();
  lists = new StatusLists(city);
  await lists.publish();
  signed = await issueCoIssued(city, university, lists);
});

describe('sharing term definitions between JSON-LD active contexts', () => {
  it('is installed when the package loads', () => {
    expect(fastContextCloneInstalled()).toBe(true);
    expect(installFastContextClone()).toBe(true);
  });

  it('gives byte-identical canonical N-Quads for a co-issued credential, its endorsement and a status list', async () => {
    const endorsement = (signed.endorsement as JsonObject[])[0];
    const list = await lists.options().getStatusList(lists.url('revocation'));
    for (const doc of [signed, endorsement, list as JsonObject]) {
      const fast = await canonical(doc);
      expect(fast.split('\n').length).toBeGreaterThan(5);
      expect(await stock(() => canonical(doc))).toBe(fast);
    }
  });

  it('signs what the stock @digitalbazaar stack verifies, and the stack’s results do not change', async () => {
    const verifyWithStack = () =>
      vc.verifyCredential({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: independentLoader,
        checkStatus: async () => ({ verified: true }),
      });
    expect((await stock(verifyWithStack)).verified).toBe(true);
    const tampered = { ...signed, name: 'Something else' };
    const stockTampered = await stock(() =>
      vc.verifyCredential({
        credential: tampered,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: independentLoader,
        checkStatus: async () => ({ verified: true }),
      }),
    );
    expect(stockTampered.verified).toBe(false);
    expect((await verifyCredential(tampered, lists.options())).verdict).toBe('tampered');
    expect((await verifyCredential(signed, lists.options())).verdict).toBe('valid');
  });
});

describe('the cached signer', () => {
  it('makes the same Ed25519 signature bytes as @digitalbazaar/ed25519-multikey', async () => {
    const { city } = await makeOrgs();
    const data = new TextEncoder().encode('canonical n-quads and proof config hashes');
    const ours = await cachedSigner(city.key).sign({ data });
    expect(cachedSigner(city.key)).toBe(cachedSigner(city.key));
    expect(Buffer.from(ours).toString('hex')).toBe(
      Buffer.from(await city.key.multikey.signer().sign({ data })).toString('hex'),
    );
    expect(cachedSigner(city.key).id).toBe(city.key.multikey.signer().id);
  });
});
