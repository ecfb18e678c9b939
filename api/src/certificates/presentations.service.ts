import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  checkPresentationProof,
  presentedCredentials,
  type JsonObject,
} from '@kindred/certificates';
import type {
  CheckDto,
  PresentationChallengeDto,
  PresentationVerifyResponseDto,
} from './certificates.dto.js';
import { PROBLEM } from './problem.js';
import { VerificationService } from './verification.service.js';

const CHALLENGE_MINUTES = 10;

/**
 * VC-API `presentations/verify`: the holder's proof (with challenge and domain when given) and each credential.
 * Verifiers ask for a challenge first (`POST /api/presentations/challenges`); each of ours is accepted once.
 */
@Injectable()
export class PresentationsService {
  constructor(
    private readonly verification: VerificationService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** A fresh challenge for a holder to sign, usable once within ten minutes. */
  async challenge(domain?: string): Promise<PresentationChallengeDto> {
    const challenge = randomBytes(24).toString('base64url');
    const [row] = await this.ds.query<{ expires_at: Date }[]>(
      `INSERT INTO presentation_challenges (challenge, domain, expires_at)
       VALUES ($1, $2, now() + make_interval(mins => $3)) RETURNING expires_at`,
      [challenge, domain ?? null, CHALLENGE_MINUTES],
    );
    return { challenge, domain: domain ?? null, expiresAt: row.expires_at.toISOString() };
  }

  async verify(
    presentation: JsonObject,
    options: { challenge?: string; domain?: string },
  ): Promise<PresentationVerifyResponseDto> {
    let challenge = typeof options.challenge === 'string' ? options.challenge : undefined;
    let domain = typeof options.domain === 'string' ? options.domain : undefined;
    const proofs =
      presentation && typeof presentation === 'object' ? presentation.proof : undefined;
    const ownProof = (Array.isArray(proofs) ? proofs[0] : proofs) as JsonObject | undefined;
    const signed = Boolean(ownProof && typeof ownProof === 'object');
    const proofChallenge =
      signed && typeof ownProof!.challenge === 'string' ? ownProof!.challenge : undefined;

    let ours = challenge ? await this.stored(challenge) : undefined;
    let refused: string | undefined;
    if (!challenge && signed) {
      // The verifier did not say which challenge it asked for: only one of ours is accepted (once), so a
      // presentation captured elsewhere cannot be replayed here.
      ours = proofChallenge ? await this.stored(proofChallenge) : undefined;
      if (ours) challenge = proofChallenge;
      else
        refused =
          'No challenge to check the holder’s proof against, so a replayed presentation would pass: send options.challenge, or ask for one at POST /api/presentations/challenges.';
    }
    if (ours?.domain) domain ??= ours.domain;

    const [checked, credentialResults] = await Promise.all([
      refused
        ? Promise.resolve({ passed: false, detail: refused })
        : checkPresentationProof(presentation, { challenge, domain }),
      Promise.all(presentedCredentials(presentation).map((vc) => this.verification.verify(vc))),
    ]);
    let proof = checked;
    if (proof.passed && ours && challenge && !(await this.consume(challenge)))
      proof = {
        passed: false,
        detail: 'This challenge was already used or has expired: ask for a new one.',
      };
    const holderProofChecked = signed && proof.passed;
    const presentationResult: CheckDto[] = [
      { id: 'signature', passed: proof.passed, detail: proof.detail, network: false },
    ];
    const problemDetails = [
      ...(proof.passed
        ? []
        : [{ type: PROBLEM.crypto, title: 'Presentation proof', detail: proof.detail }]),
      ...credentialResults.flatMap((r) =>
        r.problemDetails.map((p) => ({
          ...p,
          title: `${p.title} (${r.credentialId ?? 'credential'})`,
        })),
      ),
    ];
    return {
      verified: problemDetails.length === 0,
      holderProofChecked,
      ...(holderProofChecked
        ? {}
        : {
            warning:
              'No holder proof was checked: the presentation is not signed by its holder, so anyone holding these credentials could have sent it. Only the credentials were verified.',
          }),
      presentationResult,
      credentialResults,
      problemDetails,
    };
  }

  private async stored(challenge: string): Promise<{ domain: string | null } | undefined> {
    const [row] = await this.ds.query<{ domain: string | null }[]>(
      `SELECT domain FROM presentation_challenges WHERE challenge = $1`,
      [challenge],
    );
    return row;
  }

  /** Marks one of our challenges used; false when it already was, or has expired. */
  private async consume(challenge: string): Promise<boolean> {
    // (A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count].)
    const [row] = await this.ds.query<{ n: number }[]>(
      `WITH used AS (
         UPDATE presentation_challenges SET used_at = now()
         WHERE challenge = $1 AND used_at IS NULL AND expires_at > now() RETURNING 1
       ) SELECT count(*)::int AS n FROM used`,
      [challenge],
    );
    return row?.n === 1;
  }
}
