import { createDocumentLoader, documentLoader, type DocumentLoader } from './document-loader.js';
import { digestOf, isObject, type JsonObject } from './json.js';
import { LRUCache } from 'lru-cache';
import { dataModelProblems } from './verify/data-model.js';
import { datesCheck } from './verify/dates.js';
import { checkEndorsements, endorsementsCheck } from './verify/endorsements.js';
import { issuerCheck } from './verify/issuer.js';
import { issuerIdOf } from './sign.js';
import { checkProof } from './verify/proof.js';
import {
  inspectList,
  statusCheck,
  statusNotChecked,
  type InspectedList,
  type ListInspector,
} from './verify/status.js';
import type {
  Check,
  EndorsementResult,
  ProofOutcome,
  VerificationResult,
  VerifyOptions,
} from './verify/types.js';
import { decide } from './verify/verdict.js';

export type {
  Check,
  CheckId,
  EndorsementResult,
  StatusMessageResult,
  Verdict,
  VerificationResult,
  VerifyOptions,
} from './verify/types.js';
export {
  dataModelProblems,
  dataModelVersion,
  dateFields,
  vcProblems,
} from './verify/data-model.js';

/** What depends only on the credential's bytes, so it may be cached by their digest. */
interface ContentFindings {
  dataModel: string[];
  proof: ProofOutcome;
  endorsements: EndorsementResult[];
}

async function contentFindings(vc: JsonObject, loader: DocumentLoader): Promise<ContentFindings> {
  const [proof, endorsements] = await Promise.all([
    checkProof(vc, loader),
    checkEndorsements(vc, loader),
  ]);
  return { dataModel: dataModelProblems(vc), proof, endorsements };
}

/** did:web issuers are resolved only when a resolver is given and the check is not offline. */
function loaderFor(options: VerifyOptions): DocumentLoader {
  return options.didWeb && !options.offline
    ? createDocumentLoader(new Map(), { didWeb: options.didWeb })
    : documentLoader;
}

const issuerIsDidWeb = (vc: JsonObject) => issuerIdOf(vc)?.startsWith('did:web:') ?? false;

function signatureCheck(proof: ProofOutcome, didWeb: boolean): Check {
  if (proof.status === 'unavailable')
    return {
      id: 'signature',
      passed: false,
      notChecked: true,
      detail: proof.reason,
      network: true,
    };
  const detail =
    proof.status === 'valid'
      ? 'The issuer’s signature (Data Integrity, eddsa-rdfc-2022) matches the content.'
      : proof.reason;
  return { id: 'signature', passed: proof.status === 'valid', detail, network: didWeb };
}

function dataModelCheck(problems: string[]): Check {
  const detail = problems.length
    ? problems.join(' ')
    : 'It follows the Verifiable Credentials 2.0 and Open Badges 3.0 rules.';
  return { id: 'data_model', passed: problems.length === 0, detail, network: false };
}

async function assemble(
  vc: JsonObject,
  found: ContentFindings,
  options: VerifyOptions,
  inspect: ListInspector,
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const sound = found.proof.status === 'valid' && found.dataModel.length === 0;
  const status = sound ? await statusCheck(vc, options, inspect, now) : statusNotChecked(vc);
  const dates = datesCheck(vc, now);
  const endorsements = found.endorsements.map((e) => ({ ...e }));
  // What the file says about itself (dates, issuer, endorsements) is only worth checking once its own
  // signature holds: for a tampered or unsigned file those checks are "not checked", never "passed".
  const signed = found.proof.status === 'valid';
  const unchecked = (c: Check): Check =>
    signed
      ? c
      : {
          ...c,
          passed: false,
          notChecked: true,
          detail:
            found.proof.status === 'unavailable'
              ? 'Not checked, because the signature could not be checked: what the file says is unproven.'
              : 'Not checked, because the signature did not hold: what the file says is unproven.',
        };
  const endorsementCheck = endorsementsCheck(endorsements);
  const checks: Check[] = [
    signatureCheck(found.proof, issuerIsDidWeb(vc)),
    endorsements.length
      ? unchecked(endorsementCheck)
      : { ...endorsementCheck, passed: false, notChecked: true },
    {
      id: status.id,
      passed: status.passed,
      detail: status.detail,
      network: status.network,
      ...(status.notChecked ? { notChecked: true } : {}),
      ...(status.statusMessages ? { statusMessages: status.statusMessages } : {}),
    },
    unchecked({
      id: dates.id,
      passed: dates.passed,
      // a revoked certificate is valid at no date: its dates are not restated as a validity
      detail:
        status.revoked && dates.state === 'current'
          ? 'Its dates hold, but that no longer matters: it was revoked.'
          : dates.detail,
      network: dates.network,
    }),
    unchecked(issuerCheck(vc, endorsements, options.knownIssuers)),
    dataModelCheck(found.dataModel),
  ];
  return {
    ...decide({ checks, proof: found.proof, status, dateState: dates.state }),
    checks,
    endorsements,
  };
}

function notACredential(): VerificationResult {
  const detail = 'It is not a JSON object, so it is not a credential.';
  const checks = (
    ['signature', 'endorsements', 'status', 'dates', 'issuer', 'data_model'] as const
  ).map((id) => ({ id, passed: false, detail, network: false }));
  return {
    verdict: 'invalid',
    summary: `Not a valid certificate: ${detail}`,
    checks,
    endorsements: [],
  };
}

/**
 * Verifies an Open Badges 3.0 credential completely: the issuer's proof, every embedded endorsement,
 * revocation and suspension bits, dates, the data model, and (when `knownIssuers` is given) the issuer.
 */
export async function verifyCredential(
  vc: unknown,
  options: VerifyOptions,
): Promise<VerificationResult> {
  if (!isObject(vc)) return notACredential();
  return assemble(vc, await contentFindings(vc, loaderFor(options)), options, inspectList);
}

/**
 * `verifyCredential` with the content-only findings (proofs, endorsements, data model) cached by the
 * sha256 of the credential's canonical JSON, and status lists' proofs cached the same way. Status bits,
 * dates and the issuer registry are still checked on every call.
 */
export class CachedVerifier {
  private readonly credentials: LRUCache<string, Promise<ContentFindings>>;
  private readonly lists: LRUCache<string, Promise<InspectedList>>;

  constructor(options: { maxEntries?: number; maxStatusLists?: number } = {}) {
    this.credentials = new LRUCache({ max: options.maxEntries ?? 10_000 });
    this.lists = new LRUCache({ max: options.maxStatusLists ?? 256 });
  }

  get size(): number {
    return this.credentials.size;
  }

  clear(): void {
    this.credentials.clear();
    this.lists.clear();
  }

  async verify(vc: unknown, options: VerifyOptions): Promise<VerificationResult> {
    if (!isObject(vc)) return notACredential();
    const key = digestOf(vc);
    const found = await this.cached(this.credentials, key, () =>
      contentFindings(vc, loaderFor(options)),
    );
    // an unreachable DID document is an outage, not a finding about these bytes: ask again next time
    if (found.proof.status === 'unavailable') this.credentials.delete(key);
    return assemble(vc, found, options, (list) =>
      this.cached(this.lists, digestOf(list), () => inspectList(list)),
    );
  }

  /** Caches the promise, so concurrent requests for the same bytes share one verification. */
  private cached<V>(
    cache: LRUCache<string, Promise<V>>,
    key: string,
    compute: () => Promise<V>,
  ): Promise<V> {
    const hit = cache.get(key);
    if (hit) return hit;
    const promise = compute();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
    return promise;
  }
}
