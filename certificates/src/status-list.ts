import { randomInt } from 'node:crypto';
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { DAY_MS } from './dates.js';
import { CONTEXT_URLS } from './document-loader.js';
import { isObject, xsdDate, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { signCredential, type Signed } from './sign.js';

/** The Bitstring Status List spec's minimum length, for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
export type StatusPurpose = 'revocation' | 'suspension';

/** A `credentialStatus` entry pointing at one bit of a list. */
export interface StatusEntry extends JsonObject {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export function statusEntry(listUrl: string, index: number, purpose: StatusPurpose): StatusEntry {
  assertIndex(index, STATUS_LIST_LENGTH);
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

function assertIndex(index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`status list index ${index} is outside 0..${length - 1}`);
  }
}

/** One organization's list for one purpose: a bit per credential, set when revoked or suspended. */
export class StatusList {
  private constructor(private readonly bits: BitstringStatusList) {}

  static create(length = STATUS_LIST_LENGTH): StatusList {
    if (length < STATUS_LIST_LENGTH)
      throw new RangeError(`a status list needs at least ${STATUS_LIST_LENGTH} entries`);
    return new StatusList(new BitstringStatusList({ length }));
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

  encode(): Promise<string> {
    return this.bits.encode();
  }
}

export interface StatusListCredentialInput {
  /** the URL the list is served at (`GET /api/status-lists/:id`) */
  id: string;
  /** the organization's did:key, the same issuer as the credentials it covers */
  issuer: string;
  purpose: StatusPurpose;
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
