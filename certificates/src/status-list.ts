import { randomInt } from 'node:crypto';
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { DAY_MS } from './dates.js';
import { CONTEXT_URLS } from './document-loader.js';
import { isObject, xsdDate, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { signCredential, type Signed } from './sign.js';
import { ENGLISH, type Words } from './verify/words.js';

/** The Bitstring Status List spec's minimum length, for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
export type StatusPurpose = 'revocation' | 'suspension';
/** Every purpose a list of Kindred's can have: revocation and suspension (one bit), message (statusSize bits). */
export type ListPurpose = StatusPurpose | 'message';
/**
 * The largest `statusSize` Kindred issues (256 messages). The spec sets no upper bound; a verifier reads any
 * size up to MAX_VERIFIABLE_STATUS_SIZE (a status message list of 2^size entries has to be carried in each credential).
 */
export const MAX_STATUS_SIZE = 8;
export const MAX_VERIFIABLE_STATUS_SIZE = 16;

/** One element of an entry's `statusMessage`: `status` is the value in hexadecimal, prefixed with 0x. */
export interface StatusMessage extends JsonObject {
  status: string;
  message: string;
}

/** A `credentialStatus` entry pointing at one bit (or, with `statusSize`, a run of bits) of a list. */
export interface StatusEntry extends JsonObject {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: ListPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

/** What a `message` entry commits the issuer to at issuance: its size, its messages, where they are explained. */
export interface StatusMessageSpec {
  statusSize: number;
  statusMessage: StatusMessage[];
  statusReference?: string | string[];
}

export function statusEntry(
  listUrl: string,
  index: number,
  purpose: ListPurpose,
  message?: StatusMessageSpec,
): StatusEntry {
  assertIndex(index, STATUS_LIST_LENGTH);
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
    ...(message
      ? {
          statusSize: message.statusSize,
          statusMessage: message.statusMessage.map((m) => ({ ...m })),
          ...(message.statusReference === undefined
            ? {}
            : { statusReference: message.statusReference }),
        }
      : {}),
  };
}

/** `0x` and the value in lowercase hexadecimal: how `statusMessage[].status` names a value. */
export const statusHex = (value: number) => `0x${value.toString(16)}`;

/** The value a `statusMessage[].status` string names ("0x2" is 2), or undefined when it is not 0x-prefixed hex. */
export function parseStatusHex(status: unknown): number | undefined {
  if (typeof status !== 'string' || !/^0x[0-9a-f]+$/i.test(status)) return undefined;
  return parseInt(status.slice(2), 16);
}

const isUrlString = (v: unknown) => {
  if (typeof v !== 'string') return false;
  try {
    return Boolean(new URL(v).protocol);
  } catch {
    return false;
  }
};

/**
 * What is wrong with the statusSize/statusMessage/statusReference of a status entry (the spec's MUSTs), each
 * problem naming its field under `path` (e.g. `credentialStatus[1]`). `maxSize` bounds statusSize (the spec has
 * no bound; an issuer and a verifier each choose theirs).
 */
export function statusMessageProblems(
  entry: JsonObject,
  path: string,
  maxSize = MAX_VERIFIABLE_STATUS_SIZE,
  w: Words = ENGLISH,
): string[] {
  const problems: string[] = [];
  const size = entry.statusSize;
  if (
    size !== undefined &&
    (!Number.isInteger(size) || (size as number) < 1 || (size as number) > maxSize)
  ) {
    problems.push(w.statusSize(path, maxSize, JSON.stringify(size)));
    return problems;
  }
  const bits = (size as number | undefined) ?? 1;
  const messages = entry.statusMessage;
  if (messages === undefined) {
    if (bits > 1) problems.push(w.statusMessageRequired(path));
  } else if (!Array.isArray(messages)) {
    problems.push(w.statusMessageArray(path));
  } else {
    const count = 2 ** bits;
    if (messages.length !== count)
      problems.push(w.statusMessageCount(path, count, bits, messages.length));
    const seen = new Set<number>();
    messages.forEach((m, k) => {
      const at = `${path}.statusMessage[${k}]`;
      if (!isObject(m)) {
        problems.push(w.statusMessageObject(at));
        return;
      }
      const value = parseStatusHex(m.status);
      if (value === undefined || value >= count)
        problems.push(
          w.statusMessageHex(at, statusHex(count - 1), JSON.stringify(m.status ?? null)),
        );
      else if (seen.has(value)) problems.push(w.statusMessageRepeats(at, statusHex(value)));
      else seen.add(value);
      if (typeof m.message !== 'string' || !m.message.trim())
        problems.push(w.statusMessageText(at));
    });
  }
  const ref = entry.statusReference;
  if (ref !== undefined) {
    const refs = Array.isArray(ref) ? ref : [ref];
    if (!refs.length || !refs.every(isUrlString)) problems.push(w.statusReference(path));
  }
  return problems;
}

/** The spec's MUSTs for a BitstringStatusListEntry, each naming its field under `path`. */
export function statusEntryProblems(
  entry: JsonObject,
  path: string,
  maxSize = MAX_VERIFIABLE_STATUS_SIZE,
  w: Words = ENGLISH,
): string[] {
  const problems: string[] = [];
  if (typeof entry.statusPurpose !== 'string' || !entry.statusPurpose)
    problems.push(w.statusPurposeString(path));
  const index = entry.statusListIndex;
  if (typeof index !== 'string' || !/^(0|[1-9][0-9]*)$/.test(index))
    problems.push(w.statusIndex(path, JSON.stringify(index ?? null)));
  if (!isUrlString(entry.statusListCredential)) problems.push(w.statusListUrl(path));
  else if (entry.id !== undefined && entry.id === entry.statusListCredential)
    problems.push(w.statusIdIsList(path));
  return [...problems, ...statusMessageProblems(entry, path, maxSize, w)];
}

function assertIndex(index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`status list index ${index} is outside 0..${length - 1}`);
  }
}

/**
 * One organization's list for one purpose: a bit per credential, set when revoked or suspended; or, for a
 * `message` list, `statusSize` bits per credential holding a value (entry k is bits k*size .. k*size+size-1, the
 * first of them the most significant). `length` and `get`/`set` count bits; `value`/`setValue` count entries.
 */
export class StatusList {
  private constructor(private readonly bits: BitstringStatusList) {}

  /** `length` entries of `statusSize` bits each (the spec's minimum is 131,072 entries, whatever their size). */
  static create(length = STATUS_LIST_LENGTH, statusSize = 1): StatusList {
    if (length < STATUS_LIST_LENGTH)
      throw new RangeError(`a status list needs at least ${STATUS_LIST_LENGTH} entries`);
    if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_VERIFIABLE_STATUS_SIZE)
      throw new RangeError(`statusSize ${statusSize} is outside 1..${MAX_VERIFIABLE_STATUS_SIZE}`);
    return new StatusList(new BitstringStatusList({ length: length * statusSize }));
  }

  /** From the `encodedList` of a list credential (multibase base64url of the gzipped bits). */
  static async decode(encodedList: string): Promise<StatusList> {
    return new StatusList(await BitstringStatusList.decode({ encodedList }));
  }

  static async fromCredential(listCredential: JsonObject): Promise<StatusList> {
    const subject = listCredential.credentialSubject;
    if (!isObject(subject) || typeof subject.encodedList !== 'string') {
      throw new Error(
        'not a BitstringStatusListCredential: credentialSubject.encodedList is missing',
      );
    }
    return StatusList.decode(subject.encodedList);
  }

  get length(): number {
    return this.bits.length;
  }

  get(index: number): boolean {
    assertIndex(index, this.length);
    return this.bits.getStatus(index);
  }

  set(index: number): void {
    assertIndex(index, this.length);
    this.bits.setStatus(index, true);
  }

  clear(index: number): void {
    assertIndex(index, this.length);
    this.bits.setStatus(index, false);
  }

  /** How many entries of `statusSize` bits the list holds. */
  entries(statusSize: number): number {
    return Math.floor(this.length / statusSize);
  }

  /** The value of entry `index` when each entry is `statusSize` bits. */
  value(index: number, statusSize: number): number {
    assertIndex(index, this.entries(statusSize));
    let v = 0;
    for (let b = 0; b < statusSize; b++)
      v = v * 2 + (this.bits.getStatus(index * statusSize + b) ? 1 : 0);
    return v;
  }

  setValue(index: number, statusSize: number, value: number): void {
    assertIndex(index, this.entries(statusSize));
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** statusSize)
      throw new RangeError(`status value ${value} does not fit in ${statusSize} bits`);
    for (let b = 0; b < statusSize; b++) {
      const bit = (value >> (statusSize - 1 - b)) & 1;
      this.bits.setStatus(index * statusSize + b, bit === 1);
    }
  }

  encode(): Promise<string> {
    return this.bits.encode();
  }
}

export interface StatusListCredentialInput {
  /** the URL the list is served at (`GET /api/status-lists/:id`) */
  id: string;
  /** the organization's did:key, the same issuer as the credentials it covers */
  issuer: string;
  purpose: ListPurpose;
  list: StatusList;
  validFrom?: Date;
  /** how long the signed list may be relied on; republish before it passes. Default 7 days. */
  validForMs?: number;
  /** how long verifiers may cache it, in ms (the spec's `ttl`). Default 5 minutes. */
  ttlMs?: number;
}

export async function buildStatusListCredential(
  input: StatusListCredentialInput,
): Promise<JsonObject> {
  const validFrom = input.validFrom ?? new Date();
  const validUntil = new Date(validFrom.getTime() + (input.validForMs ?? 7 * DAY_MS));
  return {
    '@context': [CONTEXT_URLS.VC_V2],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: xsdDate(validFrom),
    validUntil: xsdDate(validUntil),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: await input.list.encode(),
      ttl: input.ttlMs ?? 300_000,
    },
  };
}

/** The signed `BitstringStatusListCredential` to serve and to republish right after every change. */
export async function issueStatusListCredential(
  input: StatusListCredentialInput,
  key: IssuerKeyPair,
): Promise<Signed<JsonObject>> {
  return signCredential(await buildStatusListCredential(input), key);
}

/** The bit at `index` of a list credential (the list's proof is not checked here; verify.ts does that). */
export async function readStatusBit(listCredential: JsonObject, index: number): Promise<boolean> {
  return (await StatusList.fromCredential(listCredential)).get(index);
}

/**
 * A random index not in `used`, so a credential's position says nothing about when it was issued.
 * Random tries first; a scan from a random start when the list is nearly full.
 */
export function randomFreeIndex(
  used: { has(index: number): boolean; readonly size: number },
  length = STATUS_LIST_LENGTH,
): number {
  if (used.size >= length) throw new Error(`the status list is full (${length} entries)`);
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = randomInt(length);
    if (!used.has(index)) return index;
  }
  const start = randomInt(length);
  for (let step = 0; step < length; step++) {
    const index = (start + step) % length;
    if (!used.has(index)) return index;
  }
  throw new Error(`the status list is full (${length} entries)`);
}
