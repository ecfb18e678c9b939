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

const USAGE = 'usage: pnpm verify <file.pdf|file.json> [--offline]';

function readCredential(path: string): JsonObject {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return extractCredentialFromPdf(bytes);
  const parsed: unknown = JSON.parse(bytes.toString('utf8'));
  if (!isObject(parsed)) throw new Error('the JSON file does not hold a credential object');
  return parsed;
}

function report(result: VerificationResult, fetched: string[], offline: boolean, io: CliIo): void {
  io.out(`Verdict: ${result.verdict.toUpperCase().replace(/_/g, ' ')}`);
  io.out(result.summary);
  io.out('');
  for (const c of result.checks) {
    io.out(
      `${c.passed ? '✓' : '✗'} ${c.id.padEnd(13)} ${c.network ? '[network] ' : '[offline] '}${c.detail}`,
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
    getStatusList: async (url) => {
      if (offline) return undefined;
      fetched.push(url);
      const res = await io.fetch(url);
      return res.ok ? ((await res.json()) as object) : undefined;
    },
  });
  report(result, fetched, offline, io);
  return result.verdict === 'valid' ? 0 : 1;
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
