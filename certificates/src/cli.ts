#!/usr/bin/env node
// `pnpm verify <file.pdf|file.json>`: checks a Kindred certificate with nothing but the file, and says
// which checks needed the network (only the status lists do; contexts and did:key are bundled).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isObject, type JsonObject } from './json.js';
import { extractCredentialFromPdf } from './pdf-attachment.js';
import { verifyCredential, type VerificationResult } from './verify.js';

export interface CliIo {
  out(line: string): void;
  fetch(url: string): Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  cwd: string;
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

function report(result: VerificationResult, fetched: string[], offline: boolean, io: CliIo): void {
  io.out(
    result.verdict === 'status_unknown'
      ? 'Verdict: VALID AS FAR AS THE FILE PROVES; REVOCATION UNKNOWN (offline)'
      : `Verdict: ${result.verdict.toUpperCase().replace(/_/g, ' ')}`,
  );
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
      `Needed the network: the status check only (fetched ${fetched.join(', ')}). Every other check ran from the file alone.`,
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
    getStatusList: async (url) => {
      if (offline) return undefined;
      fetched.push(url);
      const res = await io.fetch(url);
      return res.ok ? ((await res.json()) as object) : undefined;
    },
  });
  report(result, fetched, offline, io);
  // 0: valid; 3: everything provable from the file holds, revocation unknown (offline); 1: not valid
  return result.verdict === 'valid' ? 0 : result.verdict === 'status_unknown' ? 3 : 1;
}

const invokedDirectly =
  process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const io: CliIo = {
    out: (line) => console.log(line),
    fetch: (url) =>
      fetch(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } }),
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
