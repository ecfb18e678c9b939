import { dateRegex } from '@digitalbazaar/vc';
import {
  CONTEXT_URLS,
  OB_V3_CONTEXT_URLS,
  PUBLISHED_DIGESTS,
  isBundledContext,
} from '../document-loader.js';
import { asList, isObject, type JsonObject, type JsonValue } from '../json.js';
import { statusEntryProblems } from '../status-list.js';

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

function contextProblems(vc: JsonObject): string[] {
  const contexts = asList(vc['@context']);
  if (!dataModelVersion(vc))
    return [
      `Its first @context is neither the VC 2.0 context (${CONTEXT_URLS.VC_V2}) nor the VC 1.1 one (${CONTEXT_URLS.VC_V1}).`,
    ];
  return contexts
    .filter((c): c is string => typeof c === 'string' && !isBundledContext(c))
    .map((c) => `It uses a JSON-LD context this verifier does not know and will not fetch: ${c}.`);
}

function urlProblem(value: unknown, what: string): string[] {
  return value === undefined || isUrl(value)
    ? []
    : [`${what} must be a URL, but is ${JSON.stringify(value)}.`];
}

function subjectProblems(vc: JsonObject): string[] {
  const subjects = asList(vc.credentialSubject);
  if (subjects.length === 0) return ['It has no credentialSubject (who or what it is about).'];
  return subjects.flatMap((s) =>
    !isObject(s) || Object.keys(s).length === 0
      ? ['Its credentialSubject must be an object that says something.']
      : urlProblem(s.id, 'credentialSubject.id'),
  );
}

function typedPropertyProblems(vc: JsonObject): string[] {
  return MUST_HAVE_TYPE.flatMap((prop) =>
    asList(vc[prop]).flatMap((entry) => {
      if (!isObject(entry)) return [`Each ${prop} entry must be an object.`];
      const missingType = typesOf(entry).length ? [] : [`Each ${prop} entry must have a type.`];
      const idRequired =
        prop === 'credentialSchema' && entry.id === undefined
          ? [`Each credentialSchema entry must have an id.`]
          : [];
      return [...missingType, ...idRequired, ...urlProblem(entry.id, `${prop}.id`)];
    }),
  );
}

/** The names of the start and end dates in the credential's data model (VC 1.1: issuanceDate/expirationDate). */
export function dateFields(vc: JsonObject): { from: string; until: string } {
  return dataModelVersion(vc) === '1.1'
    ? { from: 'issuanceDate', until: 'expirationDate' }
    : { from: 'validFrom', until: 'validUntil' };
}

function dateProblems(vc: JsonObject): string[] {
  const fields = dateFields(vc);
  const problems = [fields.from, fields.until].flatMap((prop) =>
    vc[prop] === undefined || (typeof vc[prop] === 'string' && dateRegex.test(vc[prop]))
      ? []
      : [`${prop} is not a valid date-time.`],
  );
  if (dataModelVersion(vc) === '1.1' && vc.issuanceDate === undefined)
    problems.push('A VC 1.1 credential must have an issuanceDate.');
  const validFrom = vc[fields.from];
  const validUntil = vc[fields.until];
  if (
    !problems.length &&
    typeof validFrom === 'string' &&
    typeof validUntil === 'string' &&
    Date.parse(validFrom) > Date.parse(validUntil)
  ) {
    problems.push(`${fields.from} (${validFrom}) is after ${fields.until} (${validUntil}).`);
  }
  return problems;
}

function issuerProblems(vc: JsonObject): string[] {
  if (vc.issuer === undefined) return ['It does not say who issued it (no issuer).'];
  if (Array.isArray(vc.issuer)) return ['It must have exactly one issuer.'];
  return isUrl(idOf(vc.issuer))
    ? []
    : ['Its issuer must be identified by a URL (such as a did:key).'];
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
function relatedResourceProblems(vc: JsonObject): string[] {
  if (vc.relatedResource === undefined) return [];
  const entries = asList(vc.relatedResource);
  if (entries.length === 0) return ['relatedResource must list at least one resource.'];
  const seen = new Set<string>();
  return entries.flatMap((entry, i): string[] => {
    const what = `relatedResource[${i}]`;
    if (!isObject(entry))
      return [`Each relatedResource entry must be an object, not ${JSON.stringify(entry)}.`];
    if (!isUrl(entry.id)) return [`${what}.id must be a URL.`];
    const id = entry.id as string;
    if (seen.has(id))
      return [`${what}.id ${id} appears twice; each related resource is listed once.`];
    seen.add(id);
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined)
      return [`${what} must have a digestSRI or a digestMultibase.`];
    const stated = statedDigest(entry);
    if (!stated)
      return [
        `${what} has a digest that cannot be read (digestSRI "sha384-…", digestMultibase "u…").`,
      ];
    const known = PUBLISHED_DIGESTS.get(id);
    if (!known) return [];
    const wrong =
      (stated.multibase !== undefined && stated.multibase !== known.sha256) ||
      (stated.sri?.alg === 'sha256' && stated.sri.hex !== known.sha256) ||
      (stated.sri?.alg === 'sha384' &&
        known.sha384 !== undefined &&
        stated.sri.hex !== known.sha384);
    return wrong ? [`${what}: the digest of ${id} does not match the resource.`] : [];
  });
}

/** The VC 2.0 data model rules for any verifiable credential. */
export function vcProblems(vc: unknown): string[] {
  if (!isObject(vc)) return ['It is not a JSON object.'];
  return [
    ...contextProblems(vc),
    ...(typesOf(vc).includes('VerifiableCredential')
      ? []
      : ['Its type does not include VerifiableCredential.']),
    ...urlProblem(vc.id, 'Its id'),
    ...issuerProblems(vc),
    ...subjectProblems(vc),
    ...dateProblems(vc),
    ...typedPropertyProblems(vc),
    ...relatedResourceProblems(vc),
    ...statusProblems(vc),
  ];
}

/** Each BitstringStatusListEntry against the spec's MUSTs (other status types are the verifier's to skip). */
function statusProblems(vc: JsonObject): string[] {
  const entries = asList(vc.credentialStatus);
  const many = Array.isArray(vc.credentialStatus);
  return entries.flatMap((e, k) =>
    isObject(e) && e.type === 'BitstringStatusListEntry'
      ? statusEntryProblems(e, many ? `credentialStatus[${k}]` : 'credentialStatus').map(
          (p) => `Its ${p}`,
        )
      : [],
  );
}

function achievementProblems(subject: JsonValue | undefined): string[] {
  if (!isObject(subject) || !typesOf(subject).includes('AchievementSubject'))
    return ['Its credentialSubject must be an AchievementSubject.'];
  const a = subject.achievement;
  if (!isObject(a)) return ['It does not describe the achievement.'];
  const missing = ['id', 'name', 'description', 'criteria'].filter((k) => a[k] === undefined);
  return [
    ...(typesOf(a).includes('Achievement') ? [] : ['Its achievement must have type Achievement.']),
    ...missing.map((k) => `Its achievement has no ${k}.`),
    ...urlProblem(a.id, 'achievement.id'),
    ...(a.creator === undefined ? [] : profileProblems(a.creator, 'The achievement’s creator')),
    ...typedEntries(a.alignment, 'Alignment', ['targetName', 'targetUrl'], 'alignment'),
    ...typedEntries(subject.result, 'Result', [], 'result'),
    ...identifierProblems(subject),
  ];
}

// Signatures cover the RDF graph, not the JSON: dropping a value that the graph also states elsewhere
// (e.g. a creator's type, repeated by the endorsement's issuer) leaves the signature valid. The OB
// rules below make such JSON incomplete, so it is still rejected.

function profileProblems(node: JsonValue, what: string): string[] {
  return isObject(node) && isUrl(node.id) && typesOf(node).includes('Profile')
    ? []
    : [`${what} must be a Profile with an id and type.`];
}

function typedEntries(
  list: JsonValue | undefined,
  type: string,
  required: string[],
  what: string,
): string[] {
  return asList(list).flatMap((entry) =>
    isObject(entry) &&
    typesOf(entry).includes(type) &&
    required.every((k) => entry[k] !== undefined)
      ? []
      : [
          `Each ${what} entry must have type ${type}${required.length ? ` and ${required.join(', ')}` : ''}.`,
        ],
  );
}

function identifierProblems(subject: JsonObject): string[] {
  return asList(subject.identifier).flatMap((entry) =>
    isObject(entry) &&
    typesOf(entry).includes('IdentityObject') &&
    typeof entry.identityHash === 'string' &&
    typeof entry.hashed === 'boolean' &&
    typeof entry.identityType === 'string'
      ? []
      : [
          'Each holder identifier must be an IdentityObject with identityHash, identityType and hashed.',
        ],
  );
}

function endorsementSubjectProblems(subject: JsonValue | undefined): string[] {
  if (!isObject(subject) || !typesOf(subject).includes('EndorsementSubject'))
    return ['Its credentialSubject must be an EndorsementSubject.'];
  return isUrl(subject.id)
    ? []
    : ['An endorsement must name what it endorses (credentialSubject.id).'];
}

/** What Open Badges 3.0 adds for OpenBadgeCredential / EndorsementCredential. */
export function openBadgeProblems(vc: JsonObject): string[] {
  const types = typesOf(vc);
  if (!OB_TYPES.some((t) => types.includes(t))) return [];
  const contexts = asList(vc['@context']);
  return [
    ...(contexts.some((c) => typeof c === 'string' && OB_V3_CONTEXT_URLS.includes(c))
      ? []
      : ['It lacks the Open Badges 3.0 context.']),
    ...profileProblems(vc.issuer ?? null, 'Its issuer'),
    ...(vc[dateFields(vc).from] === undefined ? [`It has no ${dateFields(vc).from} date.`] : []),
    ...(types.includes('EndorsementCredential')
      ? endorsementSubjectProblems(vc.credentialSubject)
      : achievementProblems(vc.credentialSubject)),
  ];
}

export function dataModelProblems(vc: unknown): string[] {
  const problems = vcProblems(vc);
  if (!isObject(vc)) return problems;
  return [
    ...problems,
    ...openBadgeProblems(vc),
    ...(vc.proof === undefined ? ['It is not signed (it has no proof).'] : []),
  ];
}
