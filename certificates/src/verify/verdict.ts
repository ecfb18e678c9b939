import type { DateState } from './dates.js';
import type { StatusCheck } from './status.js';
import type { Check, CheckId, ProofOutcome, Verdict } from './types.js';
import { ENGLISH, type Words } from './words.js';

export interface Findings {
  checks: Check[];
  proof: ProofOutcome;
  status: StatusCheck;
  dateState: DateState;
}

const failed = (checks: Check[], id: CheckId) =>
  checks.some((c) => c.id === id && !c.passed && !c.notChecked);
const detailOf = (checks: Check[], id: CheckId) => checks.find((c) => c.id === id)?.detail ?? '';

/**
 * The most serious finding wins: a broken signature, then form, issuer, revocation/suspension and dates.
 * A status that could not be confirmed comes last: an expired certificate reads as expired even offline.
 */
export function decide(
  { checks, proof, status, dateState }: Findings,
  w: Words = ENGLISH,
): {
  verdict: Verdict;
  summary: string;
} {
  if (proof.status === 'invalid')
    return { verdict: 'tampered', summary: w.summaryTampered(proof.reason) };
  if (failed(checks, 'data_model') || failed(checks, 'signature')) {
    const why = failed(checks, 'data_model')
      ? detailOf(checks, 'data_model')
      : detailOf(checks, 'signature');
    return { verdict: 'invalid', summary: w.summaryInvalid(why) };
  }
  if (proof.status === 'unavailable')
    return { verdict: 'not_checked', summary: w.summaryNotChecked(proof.reason) };
  if (failed(checks, 'endorsements'))
    return {
      verdict: 'invalid',
      summary: w.summaryEndorsementFailed(detailOf(checks, 'endorsements')),
    };
  if (failed(checks, 'issuer'))
    return {
      verdict: 'unknown_issuer',
      summary: w.summaryUnknownIssuer(detailOf(checks, 'issuer')),
    };
  if (status.revoked) return { verdict: 'revoked', summary: w.summaryRevoked(status.detail) };
  if (status.suspended) return { verdict: 'suspended', summary: w.summarySuspended(status.detail) };
  if (dateState === 'expired')
    return { verdict: 'expired', summary: w.summaryExpired(detailOf(checks, 'dates')) };
  if (dateState === 'not_yet_valid')
    return { verdict: 'not_yet_valid', summary: w.summaryNotYetValid(detailOf(checks, 'dates')) };
  if (status.notChecked)
    return {
      verdict: 'status_unknown',
      summary: w.summaryStatusUnknown(),
    };
  if (!status.passed)
    return { verdict: 'invalid', summary: w.summaryStatusUnconfirmed(status.detail) };
  return {
    verdict: 'valid',
    summary: w.summaryValid(),
  };
}
