import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { contentHash } from './hash.js';
import { join } from './files.js';

/**
 * Translations record the version of the English file they were made from, as `source:` in their front
 * matter: the first 12 hex digits of the sha256 of the whole English file (`pnpm courses:check` prints
 * the current value of every stale one). When the English changes, its hash no longer matches.
 */
export const SOURCE_DIGITS = 12;

export const sourceVersion = (text: string): string => contentHash(text).slice(0, SOURCE_DIGITS);

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', root, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch {
    return null; // no git, or not a repository (an installed copy of the content): no history to read
  }
}

/** The first line (1-based) where `now` differs from `then`. */
export function firstChangedLine(then: string, now: string): number {
  const a = then.split('\n');
  const b = now.split('\n');
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i + 1;
  return 1;
}

/**
 * Where the English file changed since the version a translation names: the line of the first change
 * (found by looking up that version in git history), and the day the English was last updated. Both
 * are null when history cannot tell (no git, or the recorded version is not in it).
 */
export function englishChange(
  root: string,
  file: string,
  source: string | undefined,
): { line: number | null; updatedOn: string | null } {
  const text = readFileSync(join(root, file), 'utf8');
  const dirty = Boolean(git(root, ['status', '--porcelain', '--', file])?.trim());
  const log = git(root, ['log', '--format=%H %cI', '-n', '100', '--', file]) ?? '';
  const commits = log
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ') as [string, string]);
  const updatedOn = dirty
    ? statSync(join(root, file)).mtime.toISOString().slice(0, 10)
    : (commits[0]?.[1].slice(0, 10) ?? null);
  let line: number | null = null;
  if (source) {
    for (const [hash] of commits) {
      const old = git(root, ['show', `${hash}:./${file}`]);
      if (old !== null && sourceVersion(old) === source) {
        line = firstChangedLine(old, text);
        break;
      }
    }
  }
  return { line, updatedOn };
}
