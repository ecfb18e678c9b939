import { Injectable } from '@nestjs/common';
import {
  checkPresentationProof,
  presentedCredentials,
  type JsonObject,
} from '@kindred/certificates';
import type { CheckDto, PresentationVerifyResponseDto } from './certificates.dto.js';
import { PROBLEM } from './problem.js';
import { VerificationService } from './verification.service.js';

/** VC-API `presentations/verify`: the holder's proof (with challenge and domain when given) and each credential. */
@Injectable()
export class PresentationsService {
  constructor(private readonly verification: VerificationService) {}

  async verify(
    presentation: JsonObject,
    options: { challenge?: string; domain?: string },
  ): Promise<PresentationVerifyResponseDto> {
    const challenge = typeof options.challenge === 'string' ? options.challenge : undefined;
    const domain = typeof options.domain === 'string' ? options.domain : undefined;
    const [proof, credentialResults] = await Promise.all([
      checkPresentationProof(presentation, { challenge, domain }),
      Promise.all(presentedCredentials(presentation).map((vc) => this.verification.verify(vc))),
    ]);
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
      presentationResult,
      credentialResults,
      problemDetails,
    };
  }
}
