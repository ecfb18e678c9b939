import type { DocumentLoader } from '../document-loader.js';
import { asList, isObject, type JsonObject } from '../json.js';
import { issuerIdOf } from '../sign.js';
import { dataModelProblems } from './data-model.js';
import { checkProof } from './proof.js';
import type { Check, EndorsementResult } from './types.js';
import { ENGLISH, type Words } from './words.js';

export function issuerNameOf(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  return isObject(issuer) && typeof issuer.name === 'string' ? issuer.name : undefined;
}

export function endorsementsOf(credential: JsonObject): JsonObject[] {
  return asList(credential.endorsement).filter(isObject);
}

function label(e: EndorsementResult, w: Words): string {
  return e.endorserName ? `${e.endorserName} (${e.endorser})` : (e.endorser ?? w.unnamedEndorser());
}

async function checkOne(
  endorsement: JsonObject,
  credentialId: unknown,
  loader: DocumentLoader | undefined,
  w: Words,
): Promise<EndorsementResult> {
  const base = {
    id: endorsement.id as string | undefined,
    endorser: issuerIdOf(endorsement),
    endorserName: issuerNameOf(endorsement),
  };
  const problems = dataModelProblems(endorsement, w);
  if (!asList(endorsement.type).includes('EndorsementCredential'))
    problems.unshift(w.notEndorsementCredential());
  const about = isObject(endorsement.credentialSubject)
    ? endorsement.credentialSubject.id
    : undefined;
  if (about !== credentialId) problems.push(w.endorsesOther());
  const proof = await checkProof(endorsement, loader, w);
  if (proof.status !== 'valid') problems.unshift(proof.reason);
  const passed = problems.length === 0;
  return {
    ...base,
    passed,
    detail: passed ? w.endorsementValid() : problems.join(' '),
  };
}

export async function checkEndorsements(
  credential: JsonObject,
  loader?: DocumentLoader,
  w: Words = ENGLISH,
): Promise<EndorsementResult[]> {
  return Promise.all(endorsementsOf(credential).map((e) => checkOne(e, credential.id, loader, w)));
}

export function endorsementsCheck(results: EndorsementResult[], w: Words = ENGLISH): Check {
  const passed = results.every((r) => r.passed);
  const detail = results.length
    ? results.map((r) => w.endorsementLine(r.passed, label(r, w), r.detail)).join(' ')
    : w.noEndorsements();
  return { id: 'endorsements', passed, detail, network: false };
}
