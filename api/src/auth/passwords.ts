import { hash, verify } from '@node-rs/argon2';
import { invalid } from '../common/errors.js';

/** argon2id with the OWASP-recommended memory cost (19 MiB, 2 passes). */
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id, a const enum */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Long enough to resist guessing, short enough not to be a denial of service for the hash. */
export function checkPasswordStrength(password: string, field = 'password'): void {
  if (password.length < 10) throw invalid(field, 'Use at least 10 characters for your password');
  if (password.length > 200) throw invalid(field, 'Use at most 200 characters for your password');
}
