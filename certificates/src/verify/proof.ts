import * as vc from '@digitalbazaar/vc';
import { documentLoader, UnknownDocumentError } from '../document-loader.js';
import { asList, isObject, type JsonObject } from '../json.js';
import { CRYPTOSUITE, verifyingSuite } from '../sign.js';
import type { ProofOutcome } from './types.js';

const TAMPERED =
  'The signature does not match the content: it was changed after signing, or signed by a key that is not its issuer’s.';

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

function classify(error: unknown): ProofOutcome {
  const chain = errorChain(error);
  const text = chain.map((e) => e.message).join(' | ');
  const unknown = chain.find((e): e is UnknownDocumentError => e instanceof UnknownDocumentError);
  if (unknown) return { status: 'error', reason: unknown.message };
  if (
    /Invalid signature|must match the verification method controller|not authorized by controller|base58|multibase/i.test(
      text,
    )
  ) {
    return { status: 'invalid', reason: TAMPERED };
  }
  if (/Safe mode validation/i.test(text)) {
    return {
      status: 'error',
      reason:
        'It contains properties or types its JSON-LD contexts do not define, so its signature cannot be checked.',
    };
  }
  if (/No matching proofs/i.test(text)) {
    return {
      status: 'error',
      reason: `It has no ${CRYPTOSUITE} Data Integrity proof for assertion by its issuer.`,
    };
  }
  return {
    status: 'error',
    reason: `Its signature could not be checked: ${chain[0]?.message ?? 'unknown error'}`,
  };
}

/** Dates are checked separately; give the library a `now` inside the validity window so it checks only the proof. */
function neutralNow(credential: JsonObject): Date | undefined {
  for (const prop of ['validFrom', 'validUntil']) {
    const value = credential[prop];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  }
  return undefined;
}

function unsupportedProof(credential: JsonObject): string | undefined {
  const proofs = asList(credential.proof);
  if (proofs.length === 0) return 'It is not signed (it has no proof).';
  const ours = proofs.some(
    (p) => isObject(p) && p.type === 'DataIntegrityProof' && p.cryptosuite === CRYPTOSUITE,
  );
  return ours
    ? undefined
    : `It is not signed with a Data Integrity proof using ${CRYPTOSUITE}, the only kind accepted.`;
}

/** Checks the issuer's Data Integrity proof (eddsa-rdfc-2022, assertionMethod, did:key resolved offline). */
export async function checkProof(credential: JsonObject): Promise<ProofOutcome> {
  const unsupported = unsupportedProof(credential);
  if (unsupported) return { status: 'error', reason: unsupported };
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: verifyingSuite(),
      documentLoader,
      now: neutralNow(credential),
      checkStatus: async () => ({ verified: true }),
    });
    return result.verified
      ? { status: 'valid' }
      : classify(result.error ?? result.results?.find((r) => r.error)?.error);
  } catch (error) {
    return classify(error);
  }
}
