import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DidWebResolver } from './did-web.js';
import {
  CONTEXT_URLS,
  createDocumentLoader,
  documentLoader,
  isBundledContext,
} from './document-loader.js';
import { unavailableReason } from './verify/proof.js';
import { isUrl } from './verify/data-model.js';
import { asList, deepClone, isObject, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { verifyingSuite } from './sign.js';
import { ENGLISH, inLanguage, type VerifyLang, type Words } from './verify/words.js';

export interface PresentationProofCheck {
  passed: boolean;
  /** plain words */
  detail: string;
  /**
   * The holder's DID document could not be had (a did:web holder whose site did not answer, refused by the
   * address guard, or not fetched at all): the proof is neither valid nor invalid. `passed` is then false.
   */
  notChecked?: boolean;
  /** The DID whose key made the proof (its verificationMethod without the fragment), when the proof verified. */
  signer?: string;
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
export function presentationProblems(presentation: JsonObject, w: Words = ENGLISH): string[] {
  const contexts = asList(presentation['@context']);
  const problems: string[] = [];
  if (contexts[0] !== CONTEXT_URLS.VC_V2 && contexts[0] !== CONTEXT_URLS.VC_V1)
    problems.push(w.vpContextFirst(CONTEXT_URLS.VC_V2, CONTEXT_URLS.VC_V1));
  for (const c of contexts)
    if (typeof c === 'string' && !isBundledContext(c)) problems.push(w.vpContextUnknown(c));
    else if (typeof c !== 'string' && !isObject(c)) problems.push(w.vpContextEntry());
  if (presentation.id !== undefined && !isUrl(presentation.id)) problems.push(w.vpIdNotUrl());
  const holder = presentation.holder;
  if (holder !== undefined && !isUrl(holder) && !(isObject(holder) && isUrl(holder.id)))
    problems.push(w.vpHolderNotUrl());
  if (presentedCredentials(presentation).some((vc) => !isObject(vc)))
    problems.push(w.vpCredentialNotObject());
  return problems;
}

/** The holder as named in the sentence: its id (a holder object says it there), else as written. */
const holderText = (holder: unknown): string =>
  typeof holder === 'string'
    ? holder
    : isObject(holder) && typeof holder.id === 'string'
      ? holder.id
      : JSON.stringify(holder);

const firstError = (e: (Error & { errors?: Error[] }) | undefined, w: Words): string =>
  (e?.errors?.[0] ?? e)?.message ?? w.unknownReason();

/** The DID of a proof's verificationMethod (`did:…#key` or a node with such an id), without the fragment. */
function signerOf(proof: JsonObject): string | undefined {
  const vm = isObject(proof.verificationMethod)
    ? proof.verificationMethod.id
    : proof.verificationMethod;
  return typeof vm === 'string' && vm.startsWith('did:') ? vm.split('#')[0] : undefined;
}

/**
 * Checks the presentation's own proof (the holder's signature over the challenge and domain); the
 * credentials inside are for `verifyCredential` to judge. A presentation without a proof passes only
 * when no challenge was asked for. The key must be the holder's: a presentation naming a holder is signed
 * by a verification method of that DID. did:key holders are resolved offline; did:web holders through
 * `didWeb` (the same guarded, cached resolver as issuers), and without it they are "not checked".
 */
export async function checkPresentationProof(
  presentation: unknown,
  options: {
    challenge?: string;
    domain?: string;
    lang?: VerifyLang;
    didWeb?: DidWebResolver;
  } = {},
): Promise<PresentationProofCheck> {
  const w = inLanguage(options.lang);
  if (
    !isObject(presentation) ||
    !asList(presentation.type as string | string[] | undefined).includes('VerifiablePresentation')
  ) {
    return {
      passed: false,
      detail: w.vpNotPresentation(),
    };
  }
  const problems = presentationProblems(presentation, w);
  if (problems.length) return { passed: false, detail: problems.join(' ') };
  const proof = asList(presentation.proof as JsonObject | JsonObject[] | undefined)[0];
  if (!proof) {
    return options.challenge
      ? {
          passed: false,
          detail: w.vpUnsignedChallenged(),
        }
      : {
          passed: true,
          detail: w.vpUnsigned(),
        };
  }
  const challenge =
    options.challenge ?? (typeof proof.challenge === 'string' ? proof.challenge : undefined);
  if (!challenge) return { passed: false, detail: w.vpNoChallenge() };
  const signer = signerOf(proof);
  const holder = presentation.holder === undefined ? undefined : holderText(presentation.holder);
  if (holder !== undefined && signer !== undefined && signer !== holder)
    return { passed: false, detail: w.vpHolderMismatch(holder, signer) };
  const loader = options.didWeb
    ? createDocumentLoader(new Map(), { didWeb: options.didWeb })
    : documentLoader;
  try {
    const result = await vc.verify({
      presentation,
      suite: verifyingSuite(),
      challenge,
      domain: options.domain,
      documentLoader: loader,
      // status and the credentials are judged by verifyCredential; only the holder's proof matters here
      checkStatus: async () => ({ verified: true }),
    });
    const own = result.presentationResult;
    if (own?.verified)
      return {
        passed: true,
        detail: w.vpSigned(holder, Boolean(options.challenge), Boolean(options.domain)),
        ...(signer ? { signer } : {}),
      };
    const error = own?.error ?? result.error;
    const unavailable = unavailableReason(error, w);
    if (unavailable) return { passed: false, notChecked: true, detail: unavailable };
    return {
      passed: false,
      detail: w.vpProofInvalid(firstError(error, w)),
    };
  } catch (e) {
    const unavailable = unavailableReason(e, w);
    if (unavailable) return { passed: false, notChecked: true, detail: unavailable };
    return {
      passed: false,
      detail: w.vpProofUncheckable((e as Error).message),
    };
  }
}
