import { Injectable } from '@nestjs/common';
import {
  CachedVerifier,
  createDidWebResolver,
  type Check,
  type JsonObject,
  type VerificationResult,
} from '@kindred/certificates';
import { Clock } from '../common/clock.js';
import { KeyringService } from './keyring.service.js';
import { PROBLEM, type ProblemDetail } from './problem.js';
import { StatusListsService } from './status-lists.service.js';

export interface VcApiVerification extends VerificationResult {
  verified: boolean;
  /** the credential's id, when it has one */
  credentialId?: string;
  problemDetails: ProblemDetail[];
}

const PROBLEM_OF: Record<Check['id'], { type: string; title: string }> = {
  signature: { type: PROBLEM.crypto, title: 'Signature' },
  endorsements: { type: PROBLEM.crypto, title: 'Endorsements' },
  status: { type: PROBLEM.status, title: 'Status' },
  dates: { type: PROBLEM.range, title: 'Dates' },
  issuer: { type: PROBLEM.malformed, title: 'Issuer' },
  data_model: { type: PROBLEM.malformed, title: 'Data model' },
};

/**
 * Verifies credentials like any outside verifier would (proofs, endorsements, data model), except that
 * our own status lists are read from the database rather than fetched. Lists of other issuers are not
 * fetched from here (that would let anyone make this server call arbitrary URLs): their status is reported
 * as not checked. The one thing fetched for a stranger is a did:web issuer's DID document (5 s timeout,
 * cached 5 min, no redirects, never from a private or local address); when it cannot be had the answer
 * is `not_checked`.
 */
@Injectable()
export class VerificationService {
  private readonly verifier = new CachedVerifier({ maxEntries: 20_000 });
  private readonly didWeb = createDidWebResolver();

  constructor(
    private readonly keyring: KeyringService,
    private readonly lists: StatusListsService,
    private readonly clock: Clock,
  ) {}

  async verify(vc: unknown): Promise<VcApiVerification> {
    const result = await this.verifier.verify(vc, {
      getStatusList: (url) => this.lists.byUrl(url),
      knownIssuers: await this.keyring.knownIssuers(),
      now: this.clock.now(),
      didWeb: this.didWeb,
    });
    // `verified` is the cryptographic and structural answer (proof, endorsements, status, dates, data model);
    // whether Kindred knows the issuer is reported beside it as the `issuer` check, not part of it.
    // A check that did not run because there was nothing to check (no endorsements) does not count against it;
    // the others are "not checked" only after the signature failed, which already decides.
    const verified =
      result.checks.some((c) => c.id === 'signature' && c.passed) &&
      result.checks.every((c) => c.passed || c.notChecked || c.id === 'issuer');
    const problemDetails = verified ? [] : this.problems(result);
    const id =
      vc && typeof vc === 'object' && typeof (vc as JsonObject).id === 'string'
        ? String((vc as JsonObject).id)
        : undefined;
    return { verified, credentialId: id, ...result, problemDetails };
  }

  private problems(result: VerificationResult): ProblemDetail[] {
    const failed = result.checks
      .filter((c) => !c.passed && !c.notChecked && c.id !== 'issuer')
      .map((c) => ({ ...PROBLEM_OF[c.id], detail: c.detail }));
    if (failed.length) return failed;
    if (result.verdict === 'not_checked')
      return [{ type: PROBLEM.crypto, title: 'Not checked', detail: result.summary }];
    return [{ type: PROBLEM.status, title: 'Not valid', detail: result.summary }];
  }
}
