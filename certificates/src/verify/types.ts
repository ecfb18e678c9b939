export type Verdict =
  | 'valid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not_yet_valid'
  | 'tampered'
  | 'unknown_issuer'
  | 'invalid';

export type CheckId = 'signature' | 'endorsements' | 'status' | 'dates' | 'issuer' | 'data_model';

export interface Check {
  id: CheckId;
  passed: boolean;
  /** plain words, for an employer */
  detail: string;
  /** true when the check needed something from outside the credential (the status lists) */
  network: boolean;
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
}

/** The outcome of checking one Data Integrity proof. `invalid`: the signature does not match. */
export type ProofOutcome = { status: 'valid' } | { status: 'invalid' | 'error'; reason: string };
