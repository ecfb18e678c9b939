import { createHash } from 'node:crypto';

/** sha256 hex; the API stores it with each attempt to know which version of a module was read. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
