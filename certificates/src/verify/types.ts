import type { DidWebResolver } from '../did-web.js';

export type Verdict =
  | 'valid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not_yet_valid'
  | 'tampered'
  | 'unknown_issuer'
  | 'invalid'
  /** offline (CLI): signature, dates and form hold, but the status lists were not fetched */
  | 'status_unknown'
  /** the issuer's key could not be had (a did:web DID document unreachable or refused): nothing is proven */
  | 'not_checked';

export type CheckId = 'signature' | 'endorsements' | 'status' | 'dates' | 'issuer' | 'data_model';

export interface Check {
  id: CheckId;
  passed: boolean;
  /** plain words, for an employer */
  detail: string;
  /** true when the check needed something from outside the credential (the status lists) */
  network: boolean;
  /**
   * true when the check did not run (offline, nothing to check, or an earlier check failed): neither
   * passed nor failed, and never drawn as a failure. `passed` is then false.
   */
  notChecked?: boolean;
  /** status check only: each `message` entry's current value and its message, from the issuer's signed list */
  statusMessages?: StatusMessageResult[];
}

/** A `message` entry's current value, as the issuer's signed list says, and the message the entry gives it. */
export interface StatusMessageResult {
  purpose: string;
  /** the value, as `statusMessage[].status` writes it (0x-prefixed hexadecimal) */
  status: string;
  message: string;
  /** true when the value is 0 (the spec's `valid`) */
  valid: boolean;
  statusReference?: string[];
}

export interface EndorsementResult {
  id: string | undefined;
  endorser: string | undefined;
  endorserName: string | undefined;
  passed: boolean;
  detail: string;
}

export interface VerificationResult {
  verdict: Verdict;
  /** one sentence: the verdict and its reason */
  summary: string;
  checks: Check[];
  endorsements: EndorsementResult[];
}

export interface VerifyOptions {
  /** the signed BitstringStatusListCredential served at `url`, or undefined when it cannot be had */
  getStatusList(url: string): Promise<object | undefined>;
  /** did:key ids of the organizations Kindred knows; when absent, issuers are not checked against a registry */
  knownIssuers?: ReadonlySet<string>;
  now?: Date;
  /** nothing is fetched: the status check reports "not checked", and revocation is unknown */
  offline?: boolean;
  /** resolves did:web issuers (not used when `offline`); without it their proofs are "not checked" */
  didWeb?: DidWebResolver;
}

/** The outcome of checking one Data Integrity proof. `invalid`: the signature does not match. */
export type ProofOutcome =
  | { status: 'valid' }
  /** `unavailable`: the issuer's DID document could not be fetched, so the proof was not checked */
  | { status: 'invalid' | 'error' | 'unavailable'; reason: string };
