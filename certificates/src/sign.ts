import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { documentLoader } from './document-loader.js';
import { deepClone, isObject, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { installFastContextClone } from './jsonld-contexts.js';

// Signing and verification both canonicalize through jsonld; see jsonld-contexts.ts.
installFastContextClone();

export const CRYPTOSUITE = 'eddsa-rdfc-2022';

export type Signed<T> = T & { proof: JsonObject };

/** The one suite verification accepts: Data Integrity with eddsa-rdfc-2022, any did:key Ed25519 key. */
export function verifyingSuite(): object {
  return new DataIntegrityProof({ cryptosuite });
}

function signingSuite(key: IssuerKeyPair, created?: Date): DataIntegrityProof {
  if (!key.canSign) throw new Error(`key ${key.did} is public-only and cannot sign`);
  return new DataIntegrityProof({ signer: key.multikey.signer(), cryptosuite, date: created });
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
  if (issuer !== key.did) throw new Error(`credential issuer "${issuer}" is not the signing key's did "${key.did}"`);
  if ('proof' in unsigned) throw new Error('credential already has a proof');
  const suite = signingSuite(key, options.created);
  return (await vc.issue({ credential: deepClone(unsigned), suite, documentLoader })) as Signed<T>;
}
