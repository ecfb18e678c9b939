import { randomBytes, timingSafeEqual } from 'node:crypto';
import { asList, isObject, sha256Hex, type JsonObject } from './json.js';

/** OB 3.0 IdentityObject: the holder's e-mail only as a salted hash. */
export interface IdentityObject extends JsonObject {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'emailAddress';
  hashed: true;
  salt: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** OB IdentityHash: `sha256$` + hex sha256 of the identity followed by the salt. */
export function hashIdentity(email: string, salt: string): string {
  return `sha256$${sha256Hex(normalizeEmail(email) + salt)}`;
}

export function emailIdentity(
  email: string,
  salt = randomBytes(16).toString('hex'),
): IdentityObject {
  if (!normalizeEmail(email).includes('@'))
    throw new Error('holder e-mail is not an e-mail address');
  return {
    type: 'IdentityObject',
    identityHash: hashIdentity(email, salt),
    identityType: 'emailAddress',
    hashed: true,
    salt,
  };
}

/** True when one of the subject's hashed e-mail identifiers is this e-mail (for an employer's check). */
export function subjectHasEmail(credentialSubject: unknown, email: string): boolean {
  if (!isObject(credentialSubject)) return false;
  return asList(credentialSubject.identifier).some((entry) => {
    if (!isObject(entry) || entry.identityType !== 'emailAddress') return false;
    const { identityHash, salt } = entry;
    if (typeof identityHash !== 'string' || typeof salt !== 'string') return false;
    const expected = Buffer.from(hashIdentity(email, salt));
    const actual = Buffer.from(identityHash);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
}
