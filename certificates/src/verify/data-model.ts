import { dateRegex } from '@digitalbazaar/vc';
import { CONTEXT_URLS, OB_V3_CONTEXT_URLS, isBundledContext } from '../document-loader.js';
import { asList, isObject, type JsonObject, type JsonValue } from '../json.js';

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

function contextProblems(vc: JsonObject): string[] {
  const contexts = asList(vc['@context']);
  if (contexts[0] !== CONTEXT_URLS.VC_V2)
    return [`Its first @context is not the VC 2.0 context (${CONTEXT_URLS.VC_V2}).`];
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

function dateProblems(vc: JsonObject): string[] {
  const problems = (['validFrom', 'validUntil'] as const).flatMap((prop) =>
    vc[prop] === undefined || (typeof vc[prop] === 'string' && dateRegex.test(vc[prop]))
      ? []
      : [`${prop} is not a valid date-time.`],
  );
  const { validFrom, validUntil } = vc;
  if (
    !problems.length &&
    typeof validFrom === 'string' &&
    typeof validUntil === 'string' &&
    Date.parse(validFrom) > Date.parse(validUntil)
  ) {
    problems.push(`validFrom (${validFrom}) is after validUntil (${validUntil}).`);
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
  ];
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
    ...(vc.validFrom === undefined ? ['It has no validFrom date.'] : []),
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
