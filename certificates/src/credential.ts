import { randomUUID } from 'node:crypto';
import { CONTEXT_URLS } from './document-loader.js';
import { emailIdentity } from './identity.js';
import { compact, xsdDate, type JsonObject } from './json.js';
import type { IssuerKeyPair } from './keys.js';
import { signCredential, type Signed } from './sign.js';
import type { StatusEntry } from './status-list.js';

export { signCredential, type Signed } from './sign.js';

/** VC 2.0 first, then OB 3.0.3; the OB extensions context defines the 1EdTech schema validator type. */
export const OB_CONTEXT: readonly string[] = [
  CONTEXT_URLS.VC_V2,
  CONTEXT_URLS.OB_V3,
  CONTEXT_URLS.OB_EXTENSIONS,
];

const SCHEMA_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json';
export const OB_CREDENTIAL_SCHEMA = `${SCHEMA_BASE}/ob_v3p0_achievementcredential_schema.json`;
export const OB_ENDORSEMENT_SCHEMA = `${SCHEMA_BASE}/ob_v3p0_endorsementcredential_schema.json`;
const SCHEMA_VALIDATOR = '1EdTechJsonSchemaValidator2019';

export interface ProfileInput {
  /** the organization's did:key (for the issuer and the endorser) or another URL */
  id: string;
  name: string;
  url: string;
  email?: string;
  description?: string;
}

export interface AlignmentInput {
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetFramework?: string;
  targetDescription?: string;
  targetType?: string;
}

export interface ResultDescriptionInput {
  id: string;
  name: string;
  /** OB ResultType, e.g. `Status`, `RubricCriterionLevel`, `ext:Level` */
  resultType: string;
  allowedValue?: string[];
  requiredValue?: string;
}

export interface AchievementInput {
  id: string;
  /**
   * One String each, as Open Badges 3.0 types them (its JSON schema, which the credential declares, would
   * refuse VC 2.0 language-value lists): the reader's language is found when the credential is shown.
   */
  name: string;
  description: string;
  criteriaNarrative: string;
  /** OB AchievementType; default `Certificate` */
  achievementType?: string;
  alignment?: AlignmentInput[];
  creditsAvailable?: number;
  /** the accrediting university of a co-issued program */
  creator?: ProfileInput;
  resultDescription?: ResultDescriptionInput[];
  humanCode?: string;
}

export interface HolderInput {
  name: string;
  /** hashed with a random salt; never written in clear */
  email: string;
  /** a salt to reuse (e.g. when re-issuing); random 128 bits by default */
  salt?: string;
  /** the holder's own DID or URL, when they have one */
  id?: string;
}

export interface ResultInput {
  /** the id of one of the achievement's result descriptions */
  resultDescription?: string;
  value?: string;
  status?:
    'Completed' | 'Enrolled' | 'Failed' | 'InProgress' | 'OnHold' | 'Provisional' | 'Withdrew';
  achievedLevel?: string;
  alignment?: AlignmentInput[];
}

/** A summary of evidence, never private supervision notes. */
export interface EvidenceInput {
  id?: string;
  name: string;
  description?: string;
  narrative?: string;
  genre?: string;
}

export interface OpenBadgeInput {
  /** default: `urn:uuid:` with 122 random bits */
  id?: string;
  /** default: the achievement's name */
  name?: string;
  issuer: ProfileInput;
  validFrom: Date | string;
  validUntil?: Date | string;
  holder: HolderInput;
  achievement: AchievementInput;
  creditsEarned?: number;
  result?: ResultInput[];
  evidence?: EvidenceInput[];
  credentialStatus?: StatusEntry[];
}

export type OpenBadgeCredential = JsonObject & {
  id: string;
  type: string[];
  credentialSubject: JsonObject;
};

export function newCredentialId(): string {
  return `urn:uuid:${randomUUID()}`;
}

export function profile(p: ProfileInput): JsonObject {
  return compact({
    id: p.id,
    type: ['Profile'],
    name: p.name,
    url: p.url,
    email: p.email,
    description: p.description,
  });
}

function alignment(a: AlignmentInput): JsonObject {
  return compact({ type: ['Alignment'], ...a });
}

function resultDescription(r: ResultDescriptionInput): JsonObject {
  return compact({ type: ['ResultDescription'], ...r });
}

function achievement(a: AchievementInput): JsonObject {
  return compact({
    id: a.id,
    type: ['Achievement'],
    achievementType: a.achievementType ?? 'Certificate',
    name: a.name,
    description: a.description,
    criteria: { narrative: a.criteriaNarrative },
    alignment: a.alignment?.map(alignment),
    creditsAvailable: a.creditsAvailable,
    creator: a.creator && profile(a.creator),
    resultDescription: a.resultDescription?.map(resultDescription),
    humanCode: a.humanCode,
  });
}

function result(r: ResultInput): JsonObject {
  return compact({ type: ['Result'], ...r, alignment: r.alignment?.map(alignment) });
}

function evidence(e: EvidenceInput): JsonObject {
  return compact({
    type: ['Evidence'],
    ...e,
    name: e.name,
    description: e.description,
  });
}

function validity(
  validFrom: Date | string,
  validUntil?: Date | string,
): { validFrom: string; validUntil?: string } {
  const from = xsdDate(validFrom);
  const until = validUntil === undefined ? undefined : xsdDate(validUntil);
  if (until && until <= from)
    throw new Error(`validUntil (${until}) must be after validFrom (${from})`);
  return compact({ validFrom: from, validUntil: until });
}

function subject(input: OpenBadgeInput): JsonObject {
  const { holder } = input;
  return compact({
    id: holder.id,
    type: ['AchievementSubject'],
    name: holder.name,
    identifier: [emailIdentity(holder.email, holder.salt)],
    achievement: achievement(input.achievement),
    creditsEarned: input.creditsEarned,
    result: input.result?.map(result),
  });
}

/** An unsigned Open Badges 3.0 `OpenBadgeCredential` (VC 2.0), ready for endorsements and signing. */
export function buildOpenBadgeCredential(input: OpenBadgeInput): OpenBadgeCredential {
  return compact({
    '@context': [...OB_CONTEXT],
    id: input.id ?? newCredentialId(),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name ?? input.achievement.name,
    issuer: profile(input.issuer),
    ...validity(input.validFrom, input.validUntil),
    credentialSubject: subject(input),
    evidence: input.evidence?.length ? input.evidence.map(evidence) : undefined,
    credentialSchema: [{ id: OB_CREDENTIAL_SCHEMA, type: SCHEMA_VALIDATOR }],
    credentialStatus: input.credentialStatus?.length
      ? input.credentialStatus.map((s) => ({ ...s }))
      : undefined,
  });
}

// ---- endorsement by a co-issuing university ------------------------------------------------------

export interface EndorsementInput {
  /** the id of the credential being endorsed (its `urn:uuid:`) */
  credentialId: string;
  endorser: ProfileInput;
  /** names the accreditation and the credits */
  comment: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  id?: string;
  name?: string;
}

/** An unsigned OB 3.0 `EndorsementCredential` whose subject is the credential it endorses. */
export function buildEndorsement(input: EndorsementInput): JsonObject {
  return compact({
    '@context': [...OB_CONTEXT],
    id: input.id ?? newCredentialId(),
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: input.name ?? `Endorsement by ${input.endorser.name}`,
    issuer: profile(input.endorser),
    ...validity(input.validFrom, input.validUntil),
    credentialSubject: {
      id: input.credentialId,
      type: ['EndorsementSubject'],
      endorsementComment: input.comment,
    },
    credentialSchema: [{ id: OB_ENDORSEMENT_SCHEMA, type: SCHEMA_VALIDATOR }],
  });
}

/** Builds and signs an endorsement with the endorsing organization's key. */
export async function signEndorsement(
  input: EndorsementInput,
  endorserKey: IssuerKeyPair,
): Promise<Signed<JsonObject>> {
  return signCredential(buildEndorsement(input), endorserKey);
}

/**
 * Adds signed endorsements to an unsigned credential's `endorsement[]`, so the issuer's proof covers
 * them. Each must be about this credential.
 */
export function embedEndorsements<T extends OpenBadgeCredential>(
  credential: T,
  endorsements: JsonObject[],
): T {
  if ('proof' in credential)
    throw new Error('endorsements must be embedded before the issuer signs');
  for (const e of endorsements) {
    const about = (e.credentialSubject as JsonObject | undefined)?.id;
    if (about !== credential.id)
      throw new Error(
        `endorsement ${String(e.id)} is about ${String(about)}, not ${credential.id}`,
      );
    if (!('proof' in e)) throw new Error(`endorsement ${String(e.id)} is not signed`);
  }
  const existing = (credential.endorsement as JsonObject[] | undefined) ?? [];
  return { ...credential, endorsement: [...existing, ...endorsements] };
}
