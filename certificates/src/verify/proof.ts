import * as vc from '@digitalbazaar/vc';
import { didWebReason, DidWebUnavailableError } from '../did-web.js';
import { documentLoader, UnknownDocumentError, type DocumentLoader } from '../document-loader.js';
import { asList, isObject, type JsonObject } from '../json.js';
import { CRYPTOSUITE, issuerIdOf, verifyingSuite } from '../sign.js';
import type { ProofOutcome } from './types.js';
import { ENGLISH, type Words } from './words.js';

function errorChain(error: unknown): Error[] {
  const out: Error[] = [];
  const visit = (e: unknown) => {
    if (!(e instanceof Error) || out.includes(e)) return;
    out.push(e);
    ((e as Error & { errors?: unknown[] }).errors ?? []).forEach(visit);
    visit(e.cause);
  };
  visit(error);
  return out;
}

/** When a DID document could not be had (did:web unreachable, refused, or not fetched): why, in words. */
export function unavailableReason(error: unknown, w: Words): string | undefined {
  const unavailable = errorChain(error).find(
    (e): e is DidWebUnavailableError => e instanceof DidWebUnavailableError,
  );
  return unavailable ? didWebReason(w, unavailable.problem) : undefined;
}

function classify(error: unknown, w: Words): ProofOutcome {
  const chain = errorChain(error);
  const text = chain.map((e) => e.message).join(' | ');
  const unavailable = chain.find(
    (e): e is DidWebUnavailableError => e instanceof DidWebUnavailableError,
  );
  if (unavailable) return { status: 'unavailable', reason: didWebReason(w, unavailable.problem) };
  const unknown = chain.find((e): e is UnknownDocumentError => e instanceof UnknownDocumentError);
  if (unknown)
    return {
      status: 'error',
      reason: unknown.url.startsWith('did:')
        ? w.unknownDid(unknown.url)
        : w.unknownContext(unknown.url),
    };
  if (
    /Invalid signature|must match the verification method controller|not authorized by controller|base58|multibase/i.test(
      text,
    )
  ) {
    return { status: 'invalid', reason: w.tampered() };
  }
  if (/Safe mode validation/i.test(text)) {
    return {
      status: 'error',
      reason: w.undefinedTerms(),
    };
  }
  if (/No matching proofs/i.test(text)) {
    return {
      status: 'error',
      reason: w.noMatchingProof(CRYPTOSUITE),
    };
  }
  return {
    status: 'error',
    reason: w.signatureUncheckable(chain[0]?.message ?? w.unknownError()),
  };
}

/** Dates are checked separately; give the library a `now` inside the validity window so it checks only the proof. */
function neutralNow(credential: JsonObject): Date | undefined {
  for (const prop of ['validFrom', 'issuanceDate', 'validUntil', 'expirationDate']) {
    const value = credential[prop];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  }
  return undefined;
}

function unsupportedProof(credential: JsonObject, w: Words): string | undefined {
  const proofs = asList(credential.proof);
  if (proofs.length === 0) return w.notSigned();
  const ours = proofs.every(
    (p) => isObject(p) && p.type === 'DataIntegrityProof' && p.cryptosuite === CRYPTOSUITE,
  );
  return ours ? undefined : w.proofKind(CRYPTOSUITE);
}

interface SuiteVerifier {
  verifyProof(options: {
    proof: JsonObject;
    document: JsonObject;
    documentLoader: DocumentLoader;
  }): Promise<{ verified: boolean; error?: Error }>;
}

const controllerOf = (proof: JsonObject) =>
  typeof proof.verificationMethod === 'string' ? proof.verificationMethod.split('#')[0] : undefined;

/** The DID document authorizes the proof's key for assertions (for did:key: the key is its own controller). */
async function authorizedForAssertion(
  proof: JsonObject,
  documentLoader: DocumentLoader,
): Promise<boolean> {
  const controller = controllerOf(proof);
  if (!controller) return false;
  const { document } = await documentLoader(controller);
  const methods = isObject(document) ? asList(document.assertionMethod) : [];
  return methods.some((m) => (isObject(m) ? m.id : m) === proof.verificationMethod);
}

/**
 * A proof set (several proofs, each over the credential alone) or a chain (`previousProof`: a proof over
 * the credential together with the proofs it names): every proof must verify, each chained one with its
 * previous proofs in place, every `previousProof` must name a proof of the set, and one proof must be the
 * issuer's. (The VC library accepts a set when any one proof verifies and does not follow chains.)
 */
async function checkProofSet(
  credential: JsonObject,
  proofs: JsonObject[],
  documentLoader: DocumentLoader,
  w: Words,
): Promise<ProofOutcome> {
  const { proof: _all, ...unsecured } = credential;
  const suite = verifyingSuite() as SuiteVerifier;
  const byId = new Map(
    proofs.filter((p) => typeof p.id === 'string').map((p) => [p.id as string, p]),
  );
  for (const [i, proof] of proofs.entries()) {
    if (proof.proofPurpose !== 'assertionMethod')
      return { status: 'error', reason: w.proofPurpose(i + 1) };
    const previousIds = asList(proof.previousProof as string | string[] | undefined);
    const previous = previousIds.map((id) => (typeof id === 'string' ? byId.get(id) : undefined));
    if (previous.some((p) => p === undefined))
      return {
        status: 'invalid',
        reason: w.proofPreviousMissing(i + 1, JSON.stringify(proof.previousProof)),
      };
    const document: JsonObject = previous.length
      ? { ...unsecured, proof: previous.length === 1 ? previous[0]! : (previous as JsonObject[]) }
      : unsecured;
    const result = await suite.verifyProof({ proof, document, documentLoader });
    if (!result.verified) {
      const outcome = classify(result.error, w);
      return outcome.status === 'invalid'
        ? {
            status: 'invalid',
            reason: `${w.tampered()} ${w.tamperedProofOf(i + 1, proofs.length)}`,
          }
        : outcome;
    }
    if (!(await authorizedForAssertion(proof, documentLoader)))
      return {
        status: 'invalid',
        reason: w.proofKeyUnauthorized(i + 1),
      };
  }
  const issuer = issuerIdOf(credential);
  return proofs.some((p) => controllerOf(p) === issuer)
    ? { status: 'valid' }
    : { status: 'invalid', reason: w.tampered() };
}

/**
 * Checks the issuer's Data Integrity proof (eddsa-rdfc-2022, assertionMethod; did:key resolved offline,
 * did:web only through a loader that was given a resolver).
 */
export async function checkProof(
  credential: JsonObject,
  loader: DocumentLoader = documentLoader,
  w: Words = ENGLISH,
): Promise<ProofOutcome> {
  const unsupported = unsupportedProof(credential, w);
  if (unsupported) return { status: 'error', reason: unsupported };
  const proofs = asList(credential.proof).filter(isObject);
  if (proofs.length > 1) {
    try {
      return await checkProofSet(credential, proofs, loader, w);
    } catch (error) {
      return classify(error, w);
    }
  }
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: verifyingSuite(),
      documentLoader: loader,
      now: neutralNow(credential),
      checkStatus: async () => ({ verified: true }),
    });
    return result.verified
      ? { status: 'valid' }
      : classify(result.error ?? result.results?.find((r) => r.error)?.error, w);
  } catch (error) {
    return classify(error, w);
  }
}
