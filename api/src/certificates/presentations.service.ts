import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  checkPresentationProof,
  inLanguage,
  presentedCredentials,
  type JsonObject,
  type PresentationProofCheck,
} from '@kindred/certificates';
import type { Lang } from '../common/i18n.js';
import type {
  CheckDto,
  PresentationChallengeDto,
  PresentationVerifyResponseDto,
} from './certificates.dto.js';
import { PresentationsRepository } from './presentations.repository.js';
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
    private readonly repo: PresentationsRepository,
  ) {}

  /** A fresh challenge for a holder to sign, usable once within ten minutes. */
  async challenge(domain?: string): Promise<PresentationChallengeDto> {
    const challenge = randomBytes(24).toString('base64url');
    const expiresAt = await this.repo.createChallenge(challenge, domain ?? null, CHALLENGE_MINUTES);
    return { challenge, domain: domain ?? null, expiresAt: expiresAt.toISOString() };
  }

  /** `lang`: the language of every sentence in the answer, as VerificationService's. */
  async verify(
    presentation: JsonObject,
    options: { challenge?: string; domain?: string },
    lang: Lang = 'en',
  ): Promise<PresentationVerifyResponseDto> {
    const w = inLanguage(lang);
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
      else refused = w.vpNoChallengeToCheck('POST /api/presentations/challenges');
    }
    if (ours?.domain) domain ??= ours.domain;

    const [checked, credentialResults] = await Promise.all([
      refused
        ? Promise.resolve<PresentationProofCheck>({ passed: false, detail: refused })
        : checkPresentationProof(presentation, {
            challenge,
            domain,
            lang,
            didWeb: this.verification.didWeb,
          }),
      Promise.all(
        presentedCredentials(presentation).map((vc) => this.verification.verify(vc, lang)),
      ),
    ]);
    let proof: PresentationProofCheck = checked;
    if (proof.passed && ours && challenge && !(await this.consume(challenge)))
      proof = {
        passed: false,
        detail: w.vpChallengeUsed(),
      };
    const holderProofChecked = signed && proof.passed;
    // a did:web holder's key comes from its web site (fetched, or not: DID_WEB_FETCH=false)
    const holderDidWeb = String(
      (presentation.holder as JsonObject | undefined)?.id ?? presentation.holder ?? '',
    ).startsWith('did:web:');
    const presentationResult: CheckDto[] = [
      {
        id: 'signature',
        passed: proof.passed,
        detail: proof.detail,
        network: holderDidWeb,
        ...(proof.notChecked ? { notChecked: true } : {}),
      },
    ];
    const problemDetails = [
      ...(proof.passed
        ? []
        : [
            {
              type: PROBLEM.crypto,
              title: proof.notChecked ? w.vpNotCheckedTitle() : w.vpProofTitle(),
              detail: proof.detail,
            },
          ]),
      ...credentialResults.flatMap((r) =>
        r.problemDetails.map((p) => ({
          ...p,
          title: `${p.title} (${r.credentialId ?? w.vpCredential()})`,
        })),
      ),
    ];
    return {
      verified: problemDetails.length === 0,
      holderProofChecked,
      ...(holderProofChecked
        ? {}
        : {
            warning: w.vpNoHolderProof(),
          }),
      presentationResult,
      credentialResults,
      problemDetails,
    };
  }

  private stored(challenge: string): Promise<{ domain: string | null } | undefined> {
    return this.repo.challenge(challenge);
  }

  /** Marks one of our challenges used; false when it already was, or has expired. */
  private consume(challenge: string): Promise<boolean> {
    return this.repo.consume(challenge);
  }
}
