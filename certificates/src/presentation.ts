import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CONTEXT_URLS, documentLoader, isBundledContext } from './document-loader.js';
import { isUrl } from './verify/data-model.js';
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

/**
 * The VC data model rules for the presentation itself (2.0 or 1.1): its first context, known contexts,
 * a URL id, a holder that is a URL or an object with a URL id, and credentials that are objects. It may
 * hold no credentials at all.
 */
export function presentationProblems(presentation: JsonObject): string[] {
  const contexts = asList(presentation['@context']);
  const problems: string[] = [];
  if (contexts[0] !== CONTEXT_URLS.VC_V2 && contexts[0] !== CONTEXT_URLS.VC_V1)
    problems.push(
      `The presentation’s first @context must be ${CONTEXT_URLS.VC_V2} (or ${CONTEXT_URLS.VC_V1}).`,
    );
  for (const c of contexts)
    if (typeof c === 'string' && !isBundledContext(c))
      problems.push(
        `The presentation uses a JSON-LD context this verifier does not know and will not fetch: ${c}.`,
      );
    else if (typeof c !== 'string' && !isObject(c))
      problems.push('Each @context entry of the presentation must be a URL or an object.');
  if (presentation.id !== undefined && !isUrl(presentation.id))
    problems.push('The presentation’s id must be a URL.');
  const holder = presentation.holder;
  if (holder !== undefined && !isUrl(holder) && !(isObject(holder) && isUrl(holder.id)))
    problems.push('The presentation’s holder must be a URL or an object with a URL id.');
  if (presentedCredentials(presentation).some((vc) => !isObject(vc)))
    problems.push(
      'Each verifiableCredential of the presentation must be a credential object (not a string, number or URL).',
    );
  return problems;
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
  const problems = presentationProblems(presentation);
  if (problems.length) return { passed: false, detail: problems.join(' ') };
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
