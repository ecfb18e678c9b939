import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export const MULTIKEY_CONTEXT_URL = 'https://w3id.org/security/multikey/v1';

/** An organization's signing key, identified by its did:key. */
export interface IssuerKeyPair {
  /** `did:key:z6Mk…`: the issuer id written into credentials */
  did: string;
  /** `did:key:z6Mk…#z6Mk…`: the verification method named in proofs */
  verificationMethod: string;
  publicKeyMultibase: string;
  /** false for a public-only key (it can verify but not sign) */
  canSign: boolean;
  /** the library key pair; only this package's signing code should need it */
  readonly multikey: MultikeyPair;
}

/** The part of @digitalbazaar/ed25519-multikey's key pair that signing uses. */
export interface MultikeyPair {
  secretKeyMultibase?: string;
  signer(): {
    id: string;
    algorithm: string;
    sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  };
}

/** The W3C Multikey JSON form; `secretKeyMultibase` only in the private export. */
export interface KeyPairJson {
  '@context': string;
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
}

export async function generateIssuerKeyPair(seed?: Uint8Array): Promise<IssuerKeyPair> {
  const key = await Ed25519Multikey.generate(seed ? { seed } : {});
  const exported = await key.export({ publicKey: true, secretKey: true, includeContext: true });
  return importKeyPair(withDidKeyIds(exported.publicKeyMultibase, exported.secretKeyMultibase));
}

function withDidKeyIds(publicKeyMultibase: string, secretKeyMultibase?: string): KeyPairJson {
  const did = `did:key:${publicKeyMultibase}`;
  const json: KeyPairJson = {
    '@context': MULTIKEY_CONTEXT_URL,
    id: `${did}#${publicKeyMultibase}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase,
  };
  return secretKeyMultibase ? { ...json, secretKeyMultibase } : json;
}

export function exportKeyPair(
  key: IssuerKeyPair,
  options: { includeSecret?: boolean } = {},
): KeyPairJson {
  const secret = options.includeSecret ? key.multikey.secretKeyMultibase : undefined;
  if (options.includeSecret && !secret)
    throw new Error(`key ${key.did} has no secret half to export`);
  return withDidKeyIds(key.publicKeyMultibase, secret);
}

/** Imports a Multikey JSON; its ids must be the did:key form of its own public key. */
export async function importKeyPair(json: KeyPairJson): Promise<IssuerKeyPair> {
  const expected = withDidKeyIds(json.publicKeyMultibase);
  if (json.type !== 'Multikey' || !json.publicKeyMultibase?.startsWith('z6Mk')) {
    throw new Error('not an Ed25519 Multikey (type "Multikey", publicKeyMultibase "z6Mk…")');
  }
  if (json.id !== expected.id || json.controller !== expected.controller) {
    throw new Error(`key ids do not match its did:key: expected id ${expected.id}`);
  }
  const multikey = await Ed25519Multikey.from({ ...json, '@context': MULTIKEY_CONTEXT_URL });
  return {
    did: expected.controller,
    verificationMethod: expected.id,
    publicKeyMultibase: json.publicKeyMultibase,
    canSign: Boolean(json.secretKeyMultibase),
    multikey,
  };
}

// ---- encryption at rest -------------------------------------------------------------------------

const SEALED_PREFIX = 'kindred-aes-256-gcm.v1';

/** A fresh 32-byte key-encryption key (for the embedded default's `.data/`). */
export function generateKek(): Buffer {
  return randomBytes(32);
}

function assertKek(kek: Buffer): void {
  if (!Buffer.isBuffer(kek) || kek.length !== 32)
    throw new Error('the key-encryption key must be 32 bytes');
}

/**
 * Encrypts text (the private key JSON) with AES-256-GCM. `aad` (e.g. the key's did) is authenticated
 * but not stored, so a sealed secret cannot be swapped onto another key's row unnoticed.
 * Output: `kindred-aes-256-gcm.v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function encryptSecret(plaintext: string, kek: Buffer, aad = ''): string {
  assertKek(kek);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
  return [SEALED_PREFIX, ...parts].join('.');
}

export function decryptSecret(sealed: string, kek: Buffer, aad = ''): string {
  assertKek(kek);
  const [iv, tag, ciphertext] = parseSealed(sealed);
  const decipher = createDecipheriv('aes-256-gcm', kek, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('cannot decrypt the secret: wrong key-encryption key, or the data was altered');
  }
}

function parseSealed(sealed: string): [Buffer, Buffer, Buffer] {
  const prefix = `${SEALED_PREFIX}.`;
  const parts = sealed.startsWith(prefix) ? sealed.slice(prefix.length).split('.') : [];
  const [iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url'));
  if (parts.length !== 3 || iv.length !== 12 || tag.length !== 16) {
    throw new Error(`not a sealed secret (expected "${SEALED_PREFIX}.<iv>.<tag>.<ciphertext>")`);
  }
  return [iv, tag, ciphertext];
}

/** The private key JSON, encrypted and bound to the key's did. */
export function sealKeyPair(key: IssuerKeyPair, kek: Buffer): string {
  return encryptSecret(JSON.stringify(exportKeyPair(key, { includeSecret: true })), kek, key.did);
}

export async function unsealKeyPair(
  sealed: string,
  kek: Buffer,
  did: string,
): Promise<IssuerKeyPair> {
  const key = await importKeyPair(JSON.parse(decryptSecret(sealed, kek, did)) as KeyPairJson);
  if (key.did !== did) throw new Error(`sealed key belongs to ${key.did}, not ${did}`);
  return key;
}
