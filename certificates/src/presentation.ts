import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CONTEXT_URLS, documentLoader } from './document-loader.js';
import { asList, deepClone, isObject, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { verifyingSuite } from './sign.js';

export interface PresentationProofCheck {
  passed: boolean;
  /** plain words */
  detail: string;
}

/** A VC 2.0 presentation of credentials, signed by the holder's key for a verifier's challenge. */
export async function signPresentation(
  credentials: JsonObject[],
  holder: IssuerKeyPair,
  options: { challenge: string; domain?: string },
): Promise<JsonObject> {
  const presentation = {
    '@context': [CONTEXT_URLS.VC_V2],
    type: ['VerifiablePresentation'],
    holder: holder.did,
    verifiableCredential: deepClone(credentials),
  };
  const suite = new DataIntegrityProof({ signer: holder.multikey.signer(), cryptosuite });
  return (await vc.signPresentation({
    presentation,
    suite,
    documentLoader,
    ...options,
  })) as JsonObject;
}

export function presentedCredentials(presentation: JsonObject): unknown[] {
  return asList(presentation.verifiableCredential as JsonObject | JsonObject[] | undefined);
}

const firstError = (e: (Error & { errors?: Error[] }) | undefined): string =>
  (e?.errors?.[0] ?? e)?.message ?? 'unknown reason';

/**
 * Checks the presentation's own proof (the holder's signature over the challenge and domain); the
 * credentials inside are for `verifyCredential` to judge. A presentation without a proof passes only
 * when no challenge was asked for.
 */
export async function checkPresentationProof(
  presentation: unknown,
  options: { challenge?: string; domain?: string } = {},
): Promise<PresentationProofCheck> {
  if (
    !isObject(presentation) ||
    !asList(presentation.type as string | string[] | undefined).includes('VerifiablePresentation')
  ) {
    return {
      passed: false,
      detail:
        'It is not a verifiable presentation (its type must include "VerifiablePresentation").',
    };
  }
  const proof = asList(presentation.proof as JsonObject | JsonObject[] | undefined)[0];
  if (!proof) {
    return options.challenge
      ? {
          passed: false,
          detail: 'The presentation is not signed, so it cannot answer the challenge.',
        }
      : {
          passed: true,
          detail:
            'The presentation is not signed by its holder; only the credentials in it were checked.',
        };
  }
  const challenge =
    options.challenge ?? (typeof proof.challenge === 'string' ? proof.challenge : undefined);
  if (!challenge) return { passed: false, detail: 'The presentation’s proof has no challenge.' };
  try {
    const result = await vc.verify({
      presentation,
      suite: verifyingSuite(),
      challenge,
      domain: options.domain,
      documentLoader,
      // status and the credentials are judged by verifyCredential; only the holder's proof matters here
      checkStatus: async () => ({ verified: true }),
    });
    const own = result.presentationResult;
    if (own?.verified)
      return {
        passed: true,
        detail: `The holder (${String(presentation.holder ?? 'unnamed')}) signed this presentation${options.challenge ? ' for the given challenge' : ''}${options.domain ? ' and domain' : ''}.`,
      };
    return {
      passed: false,
      detail: `The presentation’s proof does not verify: ${firstError(own?.error ?? result.error)}`,
    };
  } catch (e) {
    return {
      passed: false,
      detail: `The presentation’s proof could not be checked: ${(e as Error).message}`,
    };
  }
}
