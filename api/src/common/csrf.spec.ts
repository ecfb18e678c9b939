import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as crypto from 'node:crypto';
import { csrfTokenFor, csrfTokenMatches } from './csrf.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECRET = 'a-session-secret-of-at-least-32-chars';

describe('the CSRF token check', () => {
  it('accepts the session’s own token and refuses another session’s, a truncated, an empty or a missing one', () => {
    const token = csrfTokenFor(SECRET, 'session-a');
    expect(csrfTokenMatches(SECRET, 'session-a', token)).toBe(true);
    expect(csrfTokenMatches(SECRET, 'session-b', token)).toBe(false);
    expect(csrfTokenMatches(SECRET, 'session-a', token.slice(0, -1))).toBe(false);
    expect(csrfTokenMatches(SECRET, 'session-a', token + 'x')).toBe(false);
    expect(csrfTokenMatches(SECRET, 'session-a', '')).toBe(false);
    expect(csrfTokenMatches(SECRET, 'session-a', undefined)).toBe(false);
    // Same length, one character off (the case an early-exit compare leaks through timing).
    const off = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(csrfTokenMatches(SECRET, 'session-a', off)).toBe(false);
  });

  it('compares in constant time (crypto.timingSafeEqual), and the guard uses that compare, not !==', () => {
    const csrf = readFileSync(join(here, 'csrf.ts'), 'utf8');
    expect(csrf).toMatch(/timingSafeEqual\(given, expected\)/);
    expect(typeof crypto.timingSafeEqual).toBe('function');
    const access = readFileSync(join(here, 'access.ts'), 'utf8');
    expect(access).toMatch(/csrfTokenMatches\(/);
    expect(access).not.toMatch(/[!=]==?\s*csrfTokenFor\(/);
  });
});
