import {
  createPrivateKey,
  createPublicKey,
  sign as ed25519Sign,
  verify as ed25519Verify,
  type KeyObject,
} from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CONTEXT_URLS, documentLoader } from './document-loader.js';
import { asList, deepClone, isObject, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { installFastContextClone } from './jsonld-contexts.js';
import { LRUCache } from 'lru-cache';

// Signing and verification both canonicalize through jsonld; see jsonld-contexts.ts.
installFastContextClone();

export const CRYPTOSUITE = 'eddsa-rdfc-2022';

export type Signed<T> = T & { proof: JsonObject };

type Verifier = {
  id?: string;
  algorithm: string;
  verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
};

// SPKI DER prefix of an Ed25519 public key, followed by its 32 bytes (RFC 8410).
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const verifiers = new LRUCache<string, Promise<Verifier>>({ max: 1024 });

/**
 * The cryptosuite's verifier with the public KeyObject made once per key: @digitalbazaar/ed25519-multikey
 * parses the DER key again for every signature it checks (~6% of verifying a co-issued credential). Keys are
 * taken by the library exactly as before (Ed25519Multikey.from, which refuses anything else); only the
 * KeyObject is reused, keyed by the verification method's id and public key.
 */
function cachedCreateVerifier({
  verificationMethod,
}: {
  verificationMethod: { id?: string; publicKeyMultibase?: string } & object;
}): Promise<Verifier> {
  const cacheKey = `${verificationMethod.id ?? ''}|${verificationMethod.publicKeyMultibase ?? ''}`;
  const known = verificationMethod.publicKeyMultibase ? verifiers.get(cacheKey) : undefined;
  if (known) return known;
  const made = (async (): Promise<Verifier> => {
    const key = (await Ed25519Multikey.from(verificationMethod)) as {
      publicKey?: Uint8Array;
      verifier(): Verifier;
    };
    const library = key.verifier();
    if (!(key.publicKey instanceof Uint8Array) || key.publicKey.length !== 32) return library;
    const publicKey: KeyObject = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, key.publicKey]),
      format: 'der',
      type: 'spki',
    });
    return {
      id: library.id,
      algorithm: library.algorithm,
      verify: async ({ data, signature }) => ed25519Verify(null, data, publicKey, signature),
    };
  })();
  if (verificationMethod.publicKeyMultibase) {
    verifiers.set(cacheKey, made);
    made.catch(() => verifiers.delete(cacheKey));
  }
  return made;
}

const verifyingCryptosuite = { ...cryptosuite, createVerifier: cachedCreateVerifier };

/** The one suite verification accepts: Data Integrity with eddsa-rdfc-2022, any did:key Ed25519 key. */
export function verifyingSuite(): object {
  return new DataIntegrityProof({ cryptosuite: verifyingCryptosuite });
}

type Signer = ReturnType<IssuerKeyPair['multikey']['signer']>;

// PKCS#8 DER prefix of an Ed25519 private key, followed by the 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const signers = new WeakMap<IssuerKeyPair, Signer>();

/**
 * The key's signer, with the private KeyObject made once: @digitalbazaar/ed25519-multikey parses the DER key
 * again for every signature (~4% of batch issuance in the profile). Ed25519 is deterministic, so the
 * signature bytes are the library's own (a test compares them).
 */
export function cachedSigner(key: IssuerKeyPair): Signer {
  const known = signers.get(key);
  if (known) return known;
  const library = key.multikey.signer();
  const secret = (key.multikey as { secretKey?: Uint8Array }).secretKey;
  let signer: Signer = library;
  if (secret && (secret.length === 32 || secret.length === 64)) {
    const keyObject: KeyObject = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, secret.subarray(0, 32)]),
      format: 'der',
      type: 'pkcs8',
    });
    signer = {
      id: library.id,
      algorithm: library.algorithm,
      sign: async ({ data }) => new Uint8Array(ed25519Sign(null, data, keyObject)),
    };
  }
  signers.set(key, signer);
  return signer;
}

function signingSuite(key: IssuerKeyPair, created?: Date): DataIntegrityProof {
  if (!key.canSign) throw new Error(`key ${key.did} is public-only and cannot sign`);
  return new DataIntegrityProof({ signer: cachedSigner(key), cryptosuite, date: created });
}

export function issuerIdOf(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/**
 * Adds a DataIntegrityProof (eddsa-rdfc-2022, proofPurpose assertionMethod) by the issuer's key.
 * The input is not changed. Fails when the credential's issuer is not the key's did, since such a
 * credential could never verify.
 */
export async function signCredential<T extends JsonObject>(
  unsigned: T,
  key: IssuerKeyPair,
  options: { created?: Date } = {},
): Promise<Signed<T>> {
  const issuer = issuerIdOf(unsigned);
  if (issuer !== key.did)
    throw new Error(`credential issuer "${issuer}" is not the signing key's did "${key.did}"`);
  if ('proof' in unsigned) throw new Error('credential already has a proof');
  const suite = signingSuite(key, options.created);
  const credential = deepClone(unsigned);
  // The VC 1.1 context does not define DataIntegrityProof: such a credential carries the Data Integrity context.
  const contexts = asList(credential['@context']);
  if (contexts[0] === CONTEXT_URLS.VC_V1 && !contexts.includes(CONTEXT_URLS.DATA_INTEGRITY_V2))
    (credential as JsonObject)['@context'] = [...contexts, CONTEXT_URLS.DATA_INTEGRITY_V2];
  return (await vc.issue({ credential, suite, documentLoader })) as Signed<T>;
}
