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
import { ENGLISH, type Words } from './words.js';

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
  w: Words,
): string | undefined {
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (!asList(list.type).includes('BitstringStatusListCredential')) return w.listNotBitstring();
  if (issuerIdOf(list) !== issuer) return w.listOtherIssuer();
  if (subject.statusPurpose !== entry.statusPurpose)
    return w.listOtherPurpose(String(subject.statusPurpose), String(entry.statusPurpose));
  if (typeof list.validUntil === 'string' && Date.parse(list.validUntil) < now.getTime()) {
    return w.listExpired(list.validUntil);
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
  w: Words,
): Promise<EntryOutcome> {
  if (!isObject(entry) || entry.type !== 'BitstringStatusListEntry')
    return unavailable('status', w.statusMethodUnsupported());
  const purpose = String(entry.statusPurpose);
  if (purpose !== 'revocation' && purpose !== 'suspension' && purpose !== 'message')
    return { purpose, state: 'ignored', detail: w.statusPurposeIgnored(purpose) };
  const malformed = statusMessageProblems(entry, w.theEntry(purpose), undefined, w);
  if (malformed.length) return unavailable(purpose, malformed.join(' ').replace(/\.$/, ''));
  if (purpose === 'message' && entry.statusSize === undefined && entry.statusMessage === undefined)
    return unavailable(purpose, w.messageEntryEmpty());
  const size = typeof entry.statusSize === 'number' ? entry.statusSize : 1;
  const url = String(entry.statusListCredential);
  const index = Number(entry.statusListIndex);
  const list = await fetchList(url, options);
  if (!list) return unavailable(purpose, w.listUnreachable(purpose, url));
  const problem = listProblem(list, entry, issuerIdOf(vc), now, w);
  if (problem) return unavailable(purpose, w.listProblem(purpose, url, problem));
  const inspected = await inspect(list);
  if (inspected.proof.status !== 'valid') return unavailable(purpose, w.listUnsigned(purpose, url));
  if (!inspected.list) return unavailable(purpose, w.listUndecodable(purpose, url));
  // The spec's STATUS_LIST_LENGTH_ERROR: fewer than 131,072 entries of this size gives no herd privacy.
  if (inspected.list.entries(size) < STATUS_LIST_LENGTH)
    return unavailable(purpose, w.listTooShort(purpose, url, STATUS_LIST_LENGTH, size));
  if (!Number.isInteger(index) || index < 0 || index >= inspected.list.entries(size)) {
    return unavailable(purpose, w.entryOutside(purpose, url));
  }
  const value = inspected.list.value(index, size);
  if (purpose !== 'message') return { purpose, state: value ? 'set' : 'clear', detail: url };
  const messages = Array.isArray(entry.statusMessage) ? entry.statusMessage : [];
  const named = messages.find((m) => isObject(m) && parseStatusHex(m.status) === value);
  const text = isObject(named) && typeof named.message === 'string' ? named.message : undefined;
  // A value the credential gives no message for (or marks "undefined") was never promised to the holder.
  if (text === undefined || text === 'undefined')
    return unavailable(purpose, w.messageUndefined(url, statusHex(value)));
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

function summarize(outcomes: EntryOutcome[], w: Words): string {
  const words = (o: EntryOutcome) => {
    const purpose = o.purpose === 'revocation' ? 'revocation' : 'suspension';
    // The list's URL is a machine detail; the words say whose list was read.
    if (o.state === 'set') return w.statusSet(purpose);
    if (o.state === 'clear') return w.statusClear(purpose);
    return w.couldNotCheck(o.detail);
  };
  // A message entry that was read is reported in `statusMessages` (the page and the CLI say it in their words).
  const said = outcomes.filter((o) => o.state !== 'message');
  if (!said.length) return w.noRevocationEntries();
  return said.map(words).join(' ');
}

/** Reads each revocation/suspension bit from the issuer's signed status list. */
export async function statusCheck(
  vc: JsonObject,
  options: VerifyOptions,
  inspect: ListInspector,
  now: Date,
  w: Words = ENGLISH,
): Promise<StatusCheck> {
  const entries = asList(vc.credentialStatus);
  if (entries.length === 0) {
    return {
      id: 'status',
      passed: true,
      detail: w.noStatusEntries(),
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
      detail: w.statusOffline(),
      network: true,
      revoked: false,
      suspended: false,
    };
  const outcomes = await Promise.all(
    entries.map((e) => checkEntry(e, vc, options, inspect, now, w)),
  );
  const revoked = outcomes.some((o) => o.purpose === 'revocation' && o.state === 'set');
  const suspended = outcomes.some((o) => o.purpose === 'suspension' && o.state === 'set');
  const passed = outcomes.every(
    (o) => o.state === 'clear' || o.state === 'ignored' || o.state === 'message',
  );
  const statusMessages = outcomes.flatMap((o) => (o.message ? [o.message] : []));
  return {
    id: 'status',
    passed,
    detail: summarize(outcomes, w),
    network: true,
    revoked,
    suspended,
    ...(statusMessages.length ? { statusMessages } : {}),
  };
}

export function statusNotChecked(vc: JsonObject, w: Words = ENGLISH): StatusCheck {
  const network = asList(vc.credentialStatus).length > 0;
  return {
    id: 'status',
    passed: false,
    notChecked: true,
    detail: w.statusNotChecked(),
    network,
    revoked: false,
    suspended: false,
  };
}
