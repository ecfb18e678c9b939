import type { DocumentLoader } from '../document-loader.js';
import { asList, isObject, type JsonObject } from '../json.js';
import { issuerIdOf } from '../sign.js';
import { dataModelProblems } from './data-model.js';
import { checkProof } from './proof.js';
import type { Check, EndorsementResult } from './types.js';

export function issuerNameOf(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  return isObject(issuer) && typeof issuer.name === 'string' ? issuer.name : undefined;
}

export function endorsementsOf(credential: JsonObject): JsonObject[] {
  return asList(credential.endorsement).filter(isObject);
}

function label(e: EndorsementResult): string {
  return e.endorserName
    ? `${e.endorserName} (${e.endorser})`
    : (e.endorser ?? 'an unnamed endorser');
}

async function checkOne(
  endorsement: JsonObject,
  credentialId: unknown,
  loader: DocumentLoader | undefined,
): Promise<EndorsementResult> {
  const base = {
    id: endorsement.id as string | undefined,
    endorser: issuerIdOf(endorsement),
    endorserName: issuerNameOf(endorsement),
  };
  const problems = dataModelProblems(endorsement);
  if (!asList(endorsement.type).includes('EndorsementCredential'))
    problems.unshift('It is not an EndorsementCredential.');
  const about = isObject(endorsement.credentialSubject)
    ? endorsement.credentialSubject.id
    : undefined;
  if (about !== credentialId)
    problems.push('It is about a different credential, so it does not endorse this one.');
  const proof = await checkProof(endorsement, loader);
  if (proof.status !== 'valid') problems.unshift(proof.reason);
  const passed = problems.length === 0;
  return {
    ...base,
    passed,
    detail: passed ? 'signature valid; endorses this certificate' : problems.join(' '),
  };
}

export async function checkEndorsements(
  credential: JsonObject,
  loader?: DocumentLoader,
): Promise<EndorsementResult[]> {
  return Promise.all(endorsementsOf(credential).map((e) => checkOne(e, credential.id, loader)));
}

export function endorsementsCheck(results: EndorsementResult[]): Check {
  const passed = results.every((r) => r.passed);
  const detail = results.length
    ? results
        .map((r) => `${r.passed ? 'Passed' : 'Failed'}: endorsement by ${label(r)}: ${r.detail}.`)
        .join(' ')
    : 'It carries no endorsements.';
  return { id: 'endorsements', passed, detail, network: false };
}
