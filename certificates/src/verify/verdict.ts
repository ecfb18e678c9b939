import type { DateState } from './dates.js';
import type { StatusCheck } from './status.js';
import type { Check, CheckId, ProofOutcome, Verdict } from './types.js';

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
export function decide({ checks, proof, status, dateState }: Findings): {
  verdict: Verdict;
  summary: string;
} {
  if (proof.status === 'invalid')
    return { verdict: 'tampered', summary: `Tampered: ${proof.reason}` };
  if (failed(checks, 'data_model') || failed(checks, 'signature')) {
    const why = failed(checks, 'data_model')
      ? detailOf(checks, 'data_model')
      : detailOf(checks, 'signature');
    return { verdict: 'invalid', summary: `Not a valid certificate: ${why}` };
  }
  if (proof.status === 'unavailable')
    return { verdict: 'not_checked', summary: `Not checked: ${proof.reason}` };
  if (failed(checks, 'endorsements'))
    return {
      verdict: 'invalid',
      summary: `An endorsement failed: ${detailOf(checks, 'endorsements')}`,
    };
  if (failed(checks, 'issuer'))
    return {
      verdict: 'unknown_issuer',
      summary: `Signed correctly by an issuer Kindred does not know: ${detailOf(checks, 'issuer')}`,
    };
  if (status.revoked) return { verdict: 'revoked', summary: `Revoked: ${status.detail}` };
  if (status.suspended) return { verdict: 'suspended', summary: `Suspended: ${status.detail}` };
  if (dateState === 'expired')
    return { verdict: 'expired', summary: `Expired: ${detailOf(checks, 'dates')}` };
  if (dateState === 'not_yet_valid')
    return { verdict: 'not_yet_valid', summary: `Not yet valid: ${detailOf(checks, 'dates')}` };
  if (status.notChecked)
    return {
      verdict: 'status_unknown',
      summary:
        'Proven from the file: signed by its issuer, unchanged, well-formed and within its dates. Not proven: whether it was revoked or suspended (the status lists were not checked).',
    };
  if (!status.passed)
    return { verdict: 'invalid', summary: `Its status could not be confirmed: ${status.detail}` };
  return {
    verdict: 'valid',
    summary: `Valid: signed by its issuer, unchanged, not revoked or suspended, and within its dates.`,
  };
}
