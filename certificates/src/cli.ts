#!/usr/bin/env node
// `pnpm verify <file.pdf|file.json>`: checks a Kindred certificate with nothing but the file, and says
// which checks needed the network (only the status lists do; contexts and did:key are bundled).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isObject, type JsonObject } from './json.js';
import { extractCredentialFromPdf } from './pdf-attachment.js';
import { createDidWebResolver } from './did-web.js';
import { verifyCredential, type VerificationResult } from './verify.js';

export interface CliIo {
  out(line: string): void;
  fetch(
    url: string,
    init?: { method: 'POST'; body: string; headers: Record<string, string> },
  ): Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  cwd: string;
}

/** What the issuer's own records say of a revocation (Kindred answers it beside the verdict). */
interface Revocation {
  revokedAt: string;
  revokedBy: string;
  category: string | null;
}

const CATEGORY_WORDS: Record<string, string> = {
  issued_in_error: 'issued in error',
  requirements_no_longer_met: 'requirements no longer met',
  holder_request: 'at the holder’s request',
  other: 'other reason',
};

/**
 * The status list only says "revoked". When and by whom, and the public reason category, are the issuer's
 * records: a Kindred issuer serves its lists and its verification API from one origin, so the file is sent
 * there (the holder's file is what proves the right to ask; the free-text reason is never in the answer).
 */
async function revocationFromIssuer(
  credential: JsonObject,
  statusListUrls: string[],
  io: CliIo,
): Promise<Revocation | undefined> {
  const origins = new Set(
    statusListUrls.flatMap((u) => {
      try {
        return [new URL(u).origin];
      } catch {
        return [];
      }
    }),
  );
  for (const origin of origins) {
    try {
      const res = await io.fetch(`${origin}/api/credentials/verify`, {
        method: 'POST',
        body: JSON.stringify({ verifiableCredential: credential }),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      });
      const body = (await res.json()) as { verdict?: unknown; revocation?: unknown };
      const r = isObject(body.revocation) ? body.revocation : undefined;
      if (
        body.verdict === 'revoked' &&
        r &&
        typeof r.revokedAt === 'string' &&
        typeof r.revokedBy === 'string'
      )
        return {
          revokedAt: r.revokedAt,
          revokedBy: r.revokedBy,
          category: typeof r.category === 'string' ? r.category : null,
        };
    } catch {
      // not a Kindred origin, or unreachable: the verdict stands on the status list alone
    }
  }
  return undefined;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function revocationLine(r: Revocation): string {
  const category = r.category ? ` Reason: ${CATEGORY_WORDS[r.category] ?? r.category}.` : '';
  return `Revoked on ${LONG_DATE.format(new Date(r.revokedAt))} by ${r.revokedBy}.${category}`;
}

/** "2 status lists from kindred.example": whose lists were read, not their raw addresses. */
function listsFetched(urls: string[]): string {
  const hosts = [
    ...new Set(
      urls.map((u) => {
        try {
          return new URL(u).host;
        } catch {
          return 'an unreadable address';
        }
      }),
    ),
  ];
  return `${urls.length} status list${urls.length === 1 ? '' : 's'} from ${hosts.join(', ')}`;
}

const USAGE =
  'usage: pnpm verify <file.pdf|file.json> [--offline]   (exit 0 valid, 1 not valid, 3 offline: valid as far as the file proves, revocation unknown)';

function readCredential(path: string): JsonObject {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return extractCredentialFromPdf(bytes);
  const parsed: unknown = JSON.parse(bytes.toString('utf8'));
  if (!isObject(parsed)) throw new Error('the JSON file does not hold a credential object');
  return parsed;
}

function report(
  result: VerificationResult,
  fetched: string[],
  offline: boolean,
  io: CliIo,
  revocation?: Revocation,
): void {
  io.out(
    result.verdict === 'status_unknown'
      ? 'Verdict: VALID AS FAR AS THE FILE PROVES; REVOCATION UNKNOWN (offline)'
      : `Verdict: ${result.verdict.toUpperCase().replace(/_/g, ' ')}`,
  );
  if (revocation) io.out(revocationLine(revocation));
  io.out(result.summary);
  io.out('');
  for (const c of result.checks) {
    // "not checked" is neither a pass nor a failure: drawn as "–", never as ✗
    const mark = c.notChecked ? '–' : c.passed ? '✓' : '✗';
    const state = c.notChecked ? 'not checked' : c.passed ? 'passed' : 'failed';
    io.out(
      `${mark} ${c.id.padEnd(13)} ${state.padEnd(11)} ${c.network ? '[network] ' : '[offline] '}${c.detail}`,
    );
    for (const m of c.statusMessages ?? [])
      io.out(
        `  ${''.padEnd(25)} the issuer’s status message: “${m.message}” (value ${m.status} of its signed ${m.purpose} list)${m.statusReference?.length ? `; see ${m.statusReference.join(', ')}` : ''}`,
      );
  }
  io.out('');
  if (offline)
    io.out(
      'Offline: the status lists were not fetched, so revocation and suspension are unknown. Every other check ran from the file alone.',
    );
  else if (fetched.length)
    io.out(
      `Needed the network: the status check only (fetched ${listsFetched(fetched)}${revocation ? ', and the issuer’s record of the revocation' : ''}). Every other check ran from the file alone.`,
    );
  else io.out('Nothing needed the network.');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const offline = argv.includes('--offline');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    io.out(USAGE);
    return 2;
  }
  let credential: JsonObject;
  try {
    credential = readCredential(resolve(io.cwd, files[0]));
  } catch (e) {
    io.out(`Cannot read a credential from ${files[0]}: ${(e as Error).message}`);
    return 2;
  }
  const fetched: string[] = [];
  const result = await verifyCredential(credential, {
    offline,
    // did:web issuers' DID documents are fetched (with the private-address guard) unless --offline
    didWeb: offline ? undefined : createDidWebResolver(),
    getStatusList: async (url) => {
      if (offline) return undefined;
      fetched.push(url);
      const res = await io.fetch(url);
      return res.ok ? ((await res.json()) as object) : undefined;
    },
  });
  const revocation =
    result.verdict === 'revoked' ? await revocationFromIssuer(credential, fetched, io) : undefined;
  report(result, fetched, offline, io, revocation);
  // 0: valid; 3: everything provable from the file holds, revocation unknown (offline); 1: not valid
  return result.verdict === 'valid' ? 0 : result.verdict === 'status_unknown' ? 3 : 1;
}

const invokedDirectly =
  process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const io: CliIo = {
    out: (line) => console.log(line),
    fetch: (url, init) =>
      fetch(url, {
        signal: AbortSignal.timeout(10_000),
        headers: { accept: 'application/json' },
        ...init,
      }),
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(2);
    },
  );
}
