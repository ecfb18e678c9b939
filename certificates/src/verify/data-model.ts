import { dateRegex } from '@digitalbazaar/vc';
import {
  CONTEXT_URLS,
  OB_V3_CONTEXT_URLS,
  PUBLISHED_DIGESTS,
  isBundledContext,
} from '../document-loader.js';
import { asList, isObject, type JsonObject, type JsonValue } from '../json.js';
import { statusEntryProblems } from '../status-list.js';
import { ENGLISH, type Words } from './words.js';

// VC 2.0 rules a verifier must check itself, plus what Open Badges 3.0 requires. Each problem is a
// sentence an employer can read.

const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];
const MUST_HAVE_TYPE = [
  'credentialStatus',
  'credentialSchema',
  'evidence',
  'termsOfUse',
  'refreshService',
  'proof',
];

export function isUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

function typesOf(node: JsonValue | undefined): string[] {
  return isObject(node) ? asList(node.type).filter((t): t is string => typeof t === 'string') : [];
}

function idOf(node: JsonValue | undefined): unknown {
  return typeof node === 'string' ? node : isObject(node) ? node.id : undefined;
}

/** The VC data model a credential follows, from its first context: 2.0, 1.1, or neither. */
export function dataModelVersion(vc: JsonObject): '2.0' | '1.1' | undefined {
  const first = asList(vc['@context'])[0];
  return first === CONTEXT_URLS.VC_V2 ? '2.0' : first === CONTEXT_URLS.VC_V1 ? '1.1' : undefined;
}

function contextProblems(vc: JsonObject, w: Words): string[] {
  const contexts = asList(vc['@context']);
  if (!dataModelVersion(vc)) return [w.contextFirst(CONTEXT_URLS.VC_V2, CONTEXT_URLS.VC_V1)];
  return contexts
    .filter((c): c is string => typeof c === 'string' && !isBundledContext(c))
    .map((c) => w.contextUnknown(c));
}

function urlProblem(value: unknown, what: string, w: Words): string[] {
  return value === undefined || isUrl(value) ? [] : [w.mustBeUrl(what, JSON.stringify(value))];
}

function subjectProblems(vc: JsonObject, w: Words): string[] {
  const subjects = asList(vc.credentialSubject);
  if (subjects.length === 0) return [w.noSubject()];
  return subjects.flatMap((s) =>
    !isObject(s) || Object.keys(s).length === 0
      ? [w.emptySubject()]
      : urlProblem(s.id, 'credentialSubject.id', w),
  );
}

function typedPropertyProblems(vc: JsonObject, w: Words): string[] {
  return MUST_HAVE_TYPE.flatMap((prop) =>
    asList(vc[prop]).flatMap((entry) => {
      if (!isObject(entry)) return [w.entryNotObject(prop)];
      const missingType = typesOf(entry).length ? [] : [w.entryNoType(prop)];
      const idRequired =
        prop === 'credentialSchema' && entry.id === undefined ? [w.schemaNoId()] : [];
      return [...missingType, ...idRequired, ...urlProblem(entry.id, `${prop}.id`, w)];
    }),
  );
}

/** The names of the start and end dates in the credential's data model (VC 1.1: issuanceDate/expirationDate). */
export function dateFields(vc: JsonObject): { from: string; until: string } {
  return dataModelVersion(vc) === '1.1'
    ? { from: 'issuanceDate', until: 'expirationDate' }
    : { from: 'validFrom', until: 'validUntil' };
}

function dateProblems(vc: JsonObject, w: Words): string[] {
  const fields = dateFields(vc);
  const problems = [fields.from, fields.until].flatMap((prop) =>
    vc[prop] === undefined || (typeof vc[prop] === 'string' && dateRegex.test(vc[prop]))
      ? []
      : [w.notADateTime(prop)],
  );
  if (dataModelVersion(vc) === '1.1' && vc.issuanceDate === undefined)
    problems.push(w.v11NoIssuanceDate());
  const validFrom = vc[fields.from];
  const validUntil = vc[fields.until];
  if (
    !problems.length &&
    typeof validFrom === 'string' &&
    typeof validUntil === 'string' &&
    Date.parse(validFrom) > Date.parse(validUntil)
  ) {
    problems.push(w.datesReversed(fields.from, validFrom, fields.until, validUntil));
  }
  return problems;
}

function issuerProblems(vc: JsonObject, w: Words): string[] {
  if (vc.issuer === undefined) return [w.noIssuer()];
  if (Array.isArray(vc.issuer)) return [w.manyIssuers()];
  return isUrl(idOf(vc.issuer)) ? [] : [w.issuerNotUrl()];
}

function decodeBase64(text: string): Buffer | undefined {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
    ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    : undefined;
}

/** The hex digest a `digestSRI` ("sha384-…") or `digestMultibase` ("u…", raw or sha2-256 multihash) states. */
function statedDigest(
  entry: JsonObject,
): { sri?: { alg: string; hex: string }; multibase?: string } | undefined {
  const out: { sri?: { alg: string; hex: string }; multibase?: string } = {};
  if (entry.digestSRI !== undefined) {
    const m =
      typeof entry.digestSRI === 'string'
        ? /^(sha256|sha384|sha512)-(.+)$/.exec(entry.digestSRI)
        : null;
    const bytes = m ? decodeBase64(m[2]) : undefined;
    if (!m || !bytes) return undefined;
    out.sri = { alg: m[1], hex: bytes.toString('hex') };
  }
  if (entry.digestMultibase !== undefined) {
    const value = entry.digestMultibase;
    const bytes =
      typeof value === 'string' && value.startsWith('u') ? decodeBase64(value.slice(1)) : undefined;
    if (!bytes) return undefined;
    const raw =
      bytes.length === 34 && bytes[0] === 0x12 && bytes[1] === 0x20 ? bytes.subarray(2) : bytes;
    out.multibase = raw.toString('hex');
  }
  return out;
}

/**
 * `relatedResource`: objects with a URL `id` (unique) and a digest; the digest of a resource Kindred holds
 * (its bundled contexts) must match. Other resources are not fetched, so their digests are not checked.
 */
function relatedResourceProblems(vc: JsonObject, w: Words): string[] {
  if (vc.relatedResource === undefined) return [];
  const entries = asList(vc.relatedResource);
  if (entries.length === 0) return [w.relatedEmpty()];
  const seen = new Set<string>();
  return entries.flatMap((entry, i): string[] => {
    const what = `relatedResource[${i}]`;
    if (!isObject(entry)) return [w.relatedNotObject(JSON.stringify(entry))];
    if (!isUrl(entry.id)) return [w.relatedIdNotUrl(what)];
    const id = entry.id as string;
    if (seen.has(id)) return [w.relatedTwice(what, id)];
    seen.add(id);
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined)
      return [w.relatedNoDigest(what)];
    const stated = statedDigest(entry);
    if (!stated) return [w.relatedBadDigest(what)];
    const known = PUBLISHED_DIGESTS.get(id);
    if (!known) return [];
    const wrong =
      (stated.multibase !== undefined && stated.multibase !== known.sha256) ||
      (stated.sri?.alg === 'sha256' && stated.sri.hex !== known.sha256) ||
      (stated.sri?.alg === 'sha384' &&
        known.sha384 !== undefined &&
        stated.sri.hex !== known.sha384);
    return wrong ? [w.relatedWrongDigest(what, id)] : [];
  });
}

/** The VC 2.0 data model rules for any verifiable credential. */
export function vcProblems(vc: unknown, w: Words = ENGLISH): string[] {
  if (!isObject(vc)) return [w.notAnObject()];
  return [
    ...contextProblems(vc, w),
    ...(typesOf(vc).includes('VerifiableCredential') ? [] : [w.notVc()]),
    ...urlProblem(vc.id, w.itsId(), w),
    ...issuerProblems(vc, w),
    ...subjectProblems(vc, w),
    ...dateProblems(vc, w),
    ...typedPropertyProblems(vc, w),
    ...relatedResourceProblems(vc, w),
    ...statusProblems(vc, w),
  ];
}

/** Each BitstringStatusListEntry against the spec's MUSTs (other status types are the verifier's to skip). */
function statusProblems(vc: JsonObject, w: Words): string[] {
  const entries = asList(vc.credentialStatus);
  const many = Array.isArray(vc.credentialStatus);
  return entries.flatMap((e, k) =>
    isObject(e) && e.type === 'BitstringStatusListEntry'
      ? statusEntryProblems(
          e,
          many ? `credentialStatus[${k}]` : 'credentialStatus',
          undefined,
          w,
        ).map((p) => w.its(p))
      : [],
  );
}

function achievementProblems(subject: JsonValue | undefined, w: Words): string[] {
  if (!isObject(subject) || !typesOf(subject).includes('AchievementSubject'))
    return [w.notAchievementSubject()];
  const a = subject.achievement;
  if (!isObject(a)) return [w.noAchievement()];
  const missing = ['id', 'name', 'description', 'criteria'].filter((k) => a[k] === undefined);
  return [
    ...(typesOf(a).includes('Achievement') ? [] : [w.notAchievement()]),
    ...missing.map((k) => w.achievementLacks(k)),
    ...urlProblem(a.id, 'achievement.id', w),
    ...(a.creator === undefined ? [] : profileProblems(a.creator, w.creator(), w)),
    ...typedEntries(a.alignment, 'Alignment', ['targetName', 'targetUrl'], 'alignment', w),
    ...typedEntries(subject.result, 'Result', [], 'result', w),
    ...identifierProblems(subject, w),
  ];
}

// Signatures cover the RDF graph, not the JSON: dropping a value that the graph also states elsewhere
// (e.g. a creator's type, repeated by the endorsement's issuer) leaves the signature valid. The OB
// rules below make such JSON incomplete, so it is still rejected.

function profileProblems(node: JsonValue, what: string, w: Words): string[] {
  return isObject(node) && isUrl(node.id) && typesOf(node).includes('Profile')
    ? []
    : [w.notProfile(what)];
}

function typedEntries(
  list: JsonValue | undefined,
  type: string,
  required: string[],
  what: string,
  w: Words,
): string[] {
  return asList(list).flatMap((entry) =>
    isObject(entry) &&
    typesOf(entry).includes(type) &&
    required.every((k) => entry[k] !== undefined)
      ? []
      : [w.entryType(what, type, required.join(', '))],
  );
}

function identifierProblems(subject: JsonObject, w: Words): string[] {
  return asList(subject.identifier).flatMap((entry) =>
    isObject(entry) &&
    typesOf(entry).includes('IdentityObject') &&
    typeof entry.identityHash === 'string' &&
    typeof entry.hashed === 'boolean' &&
    typeof entry.identityType === 'string'
      ? []
      : [w.badIdentifier()],
  );
}

function endorsementSubjectProblems(subject: JsonValue | undefined, w: Words): string[] {
  if (!isObject(subject) || !typesOf(subject).includes('EndorsementSubject'))
    return [w.notEndorsementSubject()];
  return isUrl(subject.id) ? [] : [w.endorsementNoTarget()];
}

/** What Open Badges 3.0 adds for OpenBadgeCredential / EndorsementCredential. */
export function openBadgeProblems(vc: JsonObject, w: Words = ENGLISH): string[] {
  const types = typesOf(vc);
  if (!OB_TYPES.some((t) => types.includes(t))) return [];
  const contexts = asList(vc['@context']);
  return [
    ...(contexts.some((c) => typeof c === 'string' && OB_V3_CONTEXT_URLS.includes(c))
      ? []
      : [w.noObContext()]),
    ...profileProblems(vc.issuer ?? null, w.itsIssuer(), w),
    ...(vc[dateFields(vc).from] === undefined ? [w.noStartDate(dateFields(vc).from)] : []),
    ...(types.includes('EndorsementCredential')
      ? endorsementSubjectProblems(vc.credentialSubject, w)
      : achievementProblems(vc.credentialSubject, w)),
  ];
}

export function dataModelProblems(vc: unknown, w: Words = ENGLISH): string[] {
  const problems = vcProblems(vc, w);
  if (!isObject(vc)) return problems;
  return [
    ...problems,
    ...openBadgeProblems(vc, w),
    ...(vc.proof === undefined ? [w.notSigned()] : []),
  ];
}
