import { asList, isObject, type JsonObject } from '../json.js';
import { issuerIdOf } from '../sign.js';
import {
  parseStatusHex,
  STATUS_LIST_LENGTH,
  statusHex,
  statusMessageProblems,
  StatusList,
} from '../status-list.js';
import { checkProof } from './proof.js';
import type { Check, ProofOutcome, StatusMessageResult, VerifyOptions } from './types.js';

export interface InspectedList {
  proof: ProofOutcome;
  list?: StatusList;
}

/** The expensive, content-only part of reading a list: its proof and its decoded bits (cacheable). */
export type ListInspector = (listCredential: JsonObject) => Promise<InspectedList>;

export const inspectList: ListInspector = async (listCredential) => {
  const proof = await checkProof(listCredential);
  try {
    return { proof, list: await StatusList.fromCredential(listCredential) };
  } catch {
    return { proof };
  }
};

type EntryState = 'clear' | 'set' | 'message' | 'unavailable' | 'ignored';
interface EntryOutcome {
  purpose: string;
  state: EntryState;
  detail: string;
  /** for a `message` entry read from its list */
  message?: StatusMessageResult;
}

const unavailable = (purpose: string, detail: string): EntryOutcome => ({
  purpose,
  state: 'unavailable',
  detail,
});

function listProblem(
  list: JsonObject,
  entry: JsonObject,
  issuer: string | undefined,
  now: Date,
): string | undefined {
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (!asList(list.type).includes('BitstringStatusListCredential'))
    return 'is not a BitstringStatusListCredential';
  if (issuerIdOf(list) !== issuer) return 'was not issued by the certificate’s issuer';
  if (subject.statusPurpose !== entry.statusPurpose)
    return `is a ${String(subject.statusPurpose)} list, not a ${String(entry.statusPurpose)} list`;
  if (typeof list.validUntil === 'string' && Date.parse(list.validUntil) < now.getTime()) {
    return `expired on ${list.validUntil}; the issuer has not republished it`;
  }
  return undefined;
}

async function fetchList(url: string, options: VerifyOptions): Promise<JsonObject | undefined> {
  try {
    const list = await options.getStatusList(url);
    return isObject(list) ? list : undefined;
  } catch {
    return undefined;
  }
}

async function checkEntry(
  entry: unknown,
  vc: JsonObject,
  options: VerifyOptions,
  inspect: ListInspector,
  now: Date,
): Promise<EntryOutcome> {
  if (!isObject(entry) || entry.type !== 'BitstringStatusListEntry')
    return unavailable('status', `it uses a status method this verifier does not support`);
  const purpose = String(entry.statusPurpose);
  if (purpose !== 'revocation' && purpose !== 'suspension' && purpose !== 'message')
    return { purpose, state: 'ignored', detail: `a "${purpose}" status was not checked` };
  const malformed = statusMessageProblems(entry, `the ${purpose} entry`);
  if (malformed.length) return unavailable(purpose, malformed.join(' ').replace(/\.$/, ''));
  if (purpose === 'message' && entry.statusSize === undefined && entry.statusMessage === undefined)
    return unavailable(purpose, 'the message entry gives neither statusSize nor statusMessage');
  const size = typeof entry.statusSize === 'number' ? entry.statusSize : 1;
  const url = String(entry.statusListCredential);
  const index = Number(entry.statusListIndex);
  const list = await fetchList(url, options);
  if (!list) return unavailable(purpose, `the ${purpose} list at ${url} could not be retrieved`);
  const problem = listProblem(list, entry, issuerIdOf(vc), now);
  if (problem) return unavailable(purpose, `the ${purpose} list at ${url} ${problem}`);
  const inspected = await inspect(list);
  if (inspected.proof.status !== 'valid')
    return unavailable(purpose, `the ${purpose} list at ${url} is not validly signed`);
  if (!inspected.list)
    return unavailable(purpose, `the ${purpose} list at ${url} cannot be decoded`);
  // The spec's STATUS_LIST_LENGTH_ERROR: fewer than 131,072 entries of this size gives no herd privacy.
  if (inspected.list.entries(size) < STATUS_LIST_LENGTH)
    return unavailable(
      purpose,
      `the ${purpose} list at ${url} holds fewer than ${STATUS_LIST_LENGTH} entries of ${size} bits`,
    );
  if (!Number.isInteger(index) || index < 0 || index >= inspected.list.entries(size)) {
    return unavailable(purpose, `the ${purpose} entry points outside the list at ${url}`);
  }
  const value = inspected.list.value(index, size);
  if (purpose !== 'message') return { purpose, state: value ? 'set' : 'clear', detail: url };
  const messages = Array.isArray(entry.statusMessage) ? entry.statusMessage : [];
  const named = messages.find((m) => isObject(m) && parseStatusHex(m.status) === value);
  const text = isObject(named) && typeof named.message === 'string' ? named.message : undefined;
  // A value the credential gives no message for (or marks "undefined") was never promised to the holder.
  if (text === undefined || text === 'undefined')
    return unavailable(
      purpose,
      `the message list at ${url} holds the value ${statusHex(value)}, which the credential’s statusMessage does not define`,
    );
  const refs = entry.statusReference;
  return {
    purpose,
    state: 'message',
    detail: url,
    message: {
      purpose,
      status: statusHex(value),
      message: text,
      valid: value === 0,
      ...(refs === undefined
        ? {}
        : { statusReference: asList(refs).filter((r): r is string => typeof r === 'string') }),
    },
  };
}

export interface StatusCheck extends Check {
  revoked: boolean;
  suspended: boolean;
}

function summarize(outcomes: EntryOutcome[]): string {
  const words = (o: EntryOutcome) => {
    const past = o.purpose === 'revocation' ? 'revoked' : 'suspended';
    // The list's URL is a machine detail; the words say whose list was read.
    if (o.state === 'set')
      return `The issuer has ${past} it (its signed ${o.purpose} list says so).`;
    if (o.state === 'clear') return `Not ${past} (checked the issuer’s signed ${o.purpose} list).`;
    return `Could not check: ${o.detail}.`;
  };
  // A message entry that was read is reported in `statusMessages` (the page and the CLI say it in their words).
  const said = outcomes.filter((o) => o.state !== 'message');
  if (!said.length)
    return 'It has no revocation or suspension entries, so it cannot be revoked or suspended.';
  return said.map(words).join(' ');
}

/** Reads each revocation/suspension bit from the issuer's signed status list. */
export async function statusCheck(
  vc: JsonObject,
  options: VerifyOptions,
  inspect: ListInspector,
  now: Date,
): Promise<StatusCheck> {
  const entries = asList(vc.credentialStatus);
  if (entries.length === 0) {
    return {
      id: 'status',
      passed: true,
      detail: 'It has no status entries, so it cannot be revoked or suspended.',
      network: false,
      revoked: false,
      suspended: false,
    };
  }
  if (options.offline)
    return {
      id: 'status',
      passed: false,
      notChecked: true,
      detail:
        'Not checked: offline, the issuer’s status lists were not fetched, so whether it was revoked or suspended is unknown.',
      network: true,
      revoked: false,
      suspended: false,
    };
  const outcomes = await Promise.all(entries.map((e) => checkEntry(e, vc, options, inspect, now)));
  const revoked = outcomes.some((o) => o.purpose === 'revocation' && o.state === 'set');
  const suspended = outcomes.some((o) => o.purpose === 'suspension' && o.state === 'set');
  const passed = outcomes.every(
    (o) => o.state === 'clear' || o.state === 'ignored' || o.state === 'message',
  );
  const statusMessages = outcomes.flatMap((o) => (o.message ? [o.message] : []));
  return {
    id: 'status',
    passed,
    detail: summarize(outcomes),
    network: true,
    revoked,
    suspended,
    ...(statusMessages.length ? { statusMessages } : {}),
  };
}

export function statusNotChecked(vc: JsonObject): StatusCheck {
  const network = asList(vc.credentialStatus).length > 0;
  return {
    id: 'status',
    passed: false,
    notChecked: true,
    detail: 'Not checked, because the certificate failed the checks above.',
    network,
    revoked: false,
    suspended: false,
  };
}
