/**
 * Every sentence the verifier says about a credential (each check's detail, the summary, the problems of
 * its data model, proof and status entries), in English and in Spanish.
 *
 * A sentence is a function of what it names (ids, fields, dates, URLs), which stay as written: only the
 * words around them change. Spanish that is missing falls back to English, and `untranslated('es')` lists
 * what is missing (a unit test fails on anything listed). Plain functions rather than ICU messages: the
 * sentences have no plurals to choose between (counts are of bits and entries, said with "de"/"of"), and
 * the certificates package stays free of a message library the CLI would load for two languages.
 */
export const VERIFY_LANGS = ['en', 'es'] as const;
export type VerifyLang = (typeof VERIFY_LANGS)[number];

const en = {
  // ---- the summary (verdict.ts)
  summaryTampered: (why: string) => `Tampered: ${why}`,
  summaryInvalid: (why: string) => `Not a valid certificate: ${why}`,
  summaryEndorsementFailed: (why: string) => `An endorsement failed: ${why}`,
  summaryUnknownIssuer: (why: string) =>
    `Signed correctly by an issuer Kindred does not know: ${why}`,
  summaryRevoked: (why: string) => `Revoked: ${why}`,
  summarySuspended: (why: string) => `Suspended: ${why}`,
  summaryExpired: (why: string) => `Expired: ${why}`,
  summaryNotYetValid: (why: string) => `Not yet valid: ${why}`,
  summaryNotChecked: (why: string) => `Not checked: ${why}`,
  summaryStatusUnknown: () =>
    'Proven from the file: signed by its issuer, unchanged, well-formed and within its dates. Not proven: whether it was revoked or suspended (the status lists were not checked).',
  summaryStatusUnconfirmed: (why: string) => `Its status could not be confirmed: ${why}`,
  summaryValid: () =>
    'Valid: signed by its issuer, unchanged, not revoked or suspended, and within its dates.',

  // ---- verify.ts
  signatureValid: () =>
    'The issuer’s signature (Data Integrity, eddsa-rdfc-2022) matches the content.',
  dataModelValid: () => 'It follows the Verifiable Credentials 2.0 and Open Badges 3.0 rules.',
  notCheckedUnsigned: () =>
    'Not checked, because the signature did not hold: what the file says is unproven.',
  notCheckedUnavailable: () =>
    'Not checked, because the signature could not be checked: what the file says is unproven.',
  datesHoldButRevoked: () => 'Its dates hold, but that no longer matters: it was revoked.',
  notAnObjectCredential: () => 'It is not a JSON object, so it is not a credential.',

  // ---- proof.ts
  tampered: () =>
    'The signature does not match the content: it was changed after signing, or signed by a key that is not its issuer’s.',
  tamperedProofOf: (i: number, n: number) => `(proof ${i} of ${n})`,
  unknownDid: (url: string) =>
    `Cannot resolve "${url}": did:key identifiers with Ed25519 keys are resolved offline, and did:web ones only online.`,
  unknownContext: (url: string) =>
    `Unknown JSON-LD context or document "${url}": it is not bundled, and nothing is fetched over the network.`,
  undefinedTerms: () =>
    'It contains properties or types its JSON-LD contexts do not define, so its signature cannot be checked.',
  noMatchingProof: (suite: string) =>
    `It has no ${suite} Data Integrity proof for assertion by its issuer.`,
  signatureUncheckable: (why: string) => `Its signature could not be checked: ${why}`,
  // the did:web reasons (did-web.ts, document-loader.ts): why the issuer's DID document was not had
  didWebInvalidId: (did: string, detail: string) =>
    `“${did}” is not a valid did:web identifier (${detail}).`,
  didWebPrivate: (domain: string, address: string) =>
    `The issuer’s DID document was not fetched: ${domain} is a private or local network address (${address}), which Kindred does not fetch from, so the signature could not be checked.`,
  didWebTimeout: (seconds: number) => `it did not answer within ${seconds} s`,
  didWebUnreachable: (url: string, why: string) =>
    `The issuer’s DID document could not be fetched from ${url} (${why}), so the signature could not be checked.`,
  didWebOffline: (did: string) =>
    `Its issuer is a did:web identifier (${did}), whose DID document must be fetched from the issuer’s web site; this check fetches nothing (offline), so the signature was not checked.`,
  didWebDisabled: (did: string, setting: string) =>
    `It is signed with a did:web identifier (${did}), whose DID document must be fetched from its owner’s web site; this server is set not to fetch DID documents (${setting}), so the signature was not checked.`,
  unknownError: () => 'unknown error',
  notSigned: () => 'It is not signed (it has no proof).',
  proofKind: (suite: string) =>
    `Each of its proofs must be a Data Integrity proof using ${suite}, the only kind accepted.`,
  proofPurpose: (i: number) => `Its proof ${i} is not for assertionMethod.`,
  proofPreviousMissing: (i: number, previous: string) =>
    `Its proof ${i} builds on a previous proof (${previous}) that it does not carry.`,
  proofKeyUnauthorized: (i: number) =>
    `The key of its proof ${i} is not authorized by its controller for assertions.`,

  // ---- data-model.ts
  contextFirst: (v2: string, v1: string) =>
    `Its first @context is neither the VC 2.0 context (${v2}) nor the VC 1.1 one (${v1}).`,
  contextUnknown: (c: string) =>
    `It uses a JSON-LD context this verifier does not know and will not fetch: ${c}.`,
  mustBeUrl: (what: string, value: string) => `${what} must be a URL, but is ${value}.`,
  itsId: () => 'Its id',
  noSubject: () => 'It has no credentialSubject (who or what it is about).',
  emptySubject: () => 'Its credentialSubject must be an object that says something.',
  entryNotObject: (prop: string) => `Each ${prop} entry must be an object.`,
  entryNoType: (prop: string) => `Each ${prop} entry must have a type.`,
  schemaNoId: () => 'Each credentialSchema entry must have an id.',
  notADateTime: (prop: string) => `${prop} is not a valid date-time.`,
  v11NoIssuanceDate: () => 'A VC 1.1 credential must have an issuanceDate.',
  datesReversed: (from: string, fromValue: string, until: string, untilValue: string) =>
    `${from} (${fromValue}) is after ${until} (${untilValue}).`,
  noIssuer: () => 'It does not say who issued it (no issuer).',
  manyIssuers: () => 'It must have exactly one issuer.',
  issuerNotUrl: () => 'Its issuer must be identified by a URL (such as a did:key).',
  relatedEmpty: () => 'relatedResource must list at least one resource.',
  relatedNotObject: (entry: string) =>
    `Each relatedResource entry must be an object, not ${entry}.`,
  relatedIdNotUrl: (what: string) => `${what}.id must be a URL.`,
  relatedTwice: (what: string, id: string) =>
    `${what}.id ${id} appears twice; each related resource is listed once.`,
  relatedNoDigest: (what: string) => `${what} must have a digestSRI or a digestMultibase.`,
  relatedBadDigest: (what: string) =>
    `${what} has a digest that cannot be read (digestSRI "sha384-…", digestMultibase "u…").`,
  relatedWrongDigest: (what: string, id: string) =>
    `${what}: the digest of ${id} does not match the resource.`,
  notAnObject: () => 'It is not a JSON object.',
  notVc: () => 'Its type does not include VerifiableCredential.',
  its: (problem: string) => `Its ${problem}`,
  notAchievementSubject: () => 'Its credentialSubject must be an AchievementSubject.',
  noAchievement: () => 'It does not describe the achievement.',
  notAchievement: () => 'Its achievement must have type Achievement.',
  achievementLacks: (k: string) => `Its achievement has no ${k}.`,
  creator: () => 'The achievement’s creator',
  itsIssuer: () => 'Its issuer',
  notProfile: (what: string) => `${what} must be a Profile with an id and type.`,
  entryType: (what: string, type: string, required: string) =>
    required
      ? `Each ${what} entry must have type ${type} and ${required}.`
      : `Each ${what} entry must have type ${type}.`,
  badIdentifier: () =>
    'Each holder identifier must be an IdentityObject with identityHash, identityType and hashed.',
  notEndorsementSubject: () => 'Its credentialSubject must be an EndorsementSubject.',
  endorsementNoTarget: () => 'An endorsement must name what it endorses (credentialSubject.id).',
  noObContext: () => 'It lacks the Open Badges 3.0 context.',
  noStartDate: (field: string) => `It has no ${field} date.`,

  // ---- status-list.ts (a status entry's rules)
  statusSize: (path: string, max: number, value: string) =>
    `${path}.statusSize must be an integer from 1 to ${max}, not ${value}.`,
  statusMessageRequired: (path: string) =>
    `${path}.statusMessage must be present when statusSize is greater than 1.`,
  statusMessageArray: (path: string) => `${path}.statusMessage must be an array.`,
  statusMessageCount: (path: string, count: number, bits: number, actual: number) =>
    `${path}.statusMessage must have ${count} elements (2 to the power of statusSize ${bits}), not ${actual}.`,
  statusMessageObject: (at: string) => `${at} must be an object with status and message.`,
  statusMessageHex: (at: string, max: string, value: string) =>
    `${at}.status must be a hexadecimal value from 0x0 to ${max} prefixed with 0x, not ${value}.`,
  statusMessageRepeats: (at: string, value: string) => `${at}.status repeats the value ${value}.`,
  statusMessageText: (at: string) => `${at}.message must be a non-empty string.`,
  statusReference: (path: string) => `${path}.statusReference must be a URL or an array of URLs.`,
  statusPurposeString: (path: string) => `${path}.statusPurpose must be a string.`,
  statusIndex: (path: string, value: string) =>
    `${path}.statusListIndex must be an integer of 0 or more written as a base-10 string, not ${value}.`,
  statusListUrl: (path: string) =>
    `${path}.statusListCredential must be the URL of the status list credential.`,
  statusIdIsList: (path: string) => `${path}.id must not be the URL of the status list itself.`,

  // ---- dates.ts
  notValidUntil: (day: string) => `is not valid until ${day}`,
  expiredOn: (day: string) => `expired on ${day}`,
  validFromUntil: (from: string, until: string) => `is valid from ${from} until ${until}`,
  validUntilOnly: (until: string) => `is valid until ${until}`,
  validFromOpen: (from: string) => `is valid from ${from}, with no end date`,
  validOpen: () => 'is valid, with no end date',
  noDates: () => 'No dates to check.',
  certificateDates: (detail: string) => `The certificate ${detail}.`,
  endorsementDates: (name: string, detail: string) => `The endorsement by ${name} ${detail}.`,
  anEndorser: () => 'an endorser',

  // ---- endorsements.ts
  notEndorsementCredential: () => 'It is not an EndorsementCredential.',
  endorsesOther: () => 'It is about a different credential, so it does not endorse this one.',
  endorsementValid: () => 'signature valid; endorses this certificate',
  endorsementLine: (passed: boolean, who: string, detail: string) =>
    `${passed ? 'Passed' : 'Failed'}: endorsement by ${who}: ${detail}.`,
  unnamedEndorser: () => 'an unnamed endorser',
  noEndorsements: () => 'It carries no endorsements.',

  // ---- issuer.ts
  issuedNoRegistry: (who: string) =>
    `Issued by ${who}. No registry of known issuers was consulted, so who holds this key was not confirmed.`,
  issuedKnown: (who: string) => `Issued by ${who}, an organization Kindred knows.`,
  issuedUnknown: (who: string, id: string) =>
    `Issued by ${who}, which is not in Kindred’s registry of organizations: the signature proves only that this key signed it, not who holds the key. Check who ${id} is.`,
  endorserUnknown: (who: string) => `The endorser ${who} is not in Kindred’s registry.`,

  // ---- status.ts
  listNotBitstring: () => 'is not a BitstringStatusListCredential',
  listOtherIssuer: () => 'was not issued by the certificate’s issuer',
  listOtherPurpose: (is: string, wanted: string) => `is a ${is} list, not a ${wanted} list`,
  listExpired: (day: string) => `expired on ${day}; the issuer has not republished it`,
  statusMethodUnsupported: () => 'it uses a status method this verifier does not support',
  statusPurposeIgnored: (purpose: string) => `a "${purpose}" status was not checked`,
  theEntry: (purpose: string) => `the ${purpose} entry`,
  messageEntryEmpty: () => 'the message entry gives neither statusSize nor statusMessage',
  listUnreachable: (purpose: string, url: string) =>
    `the ${purpose} list at ${url} could not be retrieved`,
  listProblem: (purpose: string, url: string, problem: string) =>
    `the ${purpose} list at ${url} ${problem}`,
  listUnsigned: (purpose: string, url: string) =>
    `the ${purpose} list at ${url} is not validly signed`,
  listUndecodable: (purpose: string, url: string) =>
    `the ${purpose} list at ${url} cannot be decoded`,
  listTooShort: (purpose: string, url: string, length: number, size: number) =>
    `the ${purpose} list at ${url} holds fewer than ${length} entries of ${size} bits`,
  entryOutside: (purpose: string, url: string) =>
    `the ${purpose} entry points outside the list at ${url}`,
  messageUndefined: (url: string, value: string) =>
    `the message list at ${url} holds the value ${value}, which the credential’s statusMessage does not define`,
  statusSet: (purpose: 'revocation' | 'suspension'): string =>
    purpose === 'revocation'
      ? 'The issuer has revoked it (its signed revocation list says so).'
      : 'The issuer has suspended it (its signed suspension list says so).',
  statusClear: (purpose: 'revocation' | 'suspension'): string =>
    purpose === 'revocation'
      ? 'Not revoked (checked the issuer’s signed revocation list).'
      : 'Not suspended (checked the issuer’s signed suspension list).',
  couldNotCheck: (why: string) => `Could not check: ${why}.`,
  noRevocationEntries: () =>
    'It has no revocation or suspension entries, so it cannot be revoked or suspended.',
  noStatusEntries: () => 'It has no status entries, so it cannot be revoked or suspended.',
  statusOffline: () =>
    'Not checked: offline, the issuer’s status lists were not fetched, so whether it was revoked or suspended is unknown.',
  statusNotChecked: () => 'Not checked, because the certificate failed the checks above.',

  // ---- presentation.ts (the presentation's own proof and data model)
  vpNotPresentation: () =>
    'It is not a verifiable presentation (its type must include "VerifiablePresentation").',
  vpContextFirst: (v2: string, v1: string) =>
    `The presentation’s first @context must be ${v2} (or ${v1}).`,
  vpContextUnknown: (c: string) =>
    `The presentation uses a JSON-LD context this verifier does not know and will not fetch: ${c}.`,
  vpContextEntry: () => 'Each @context entry of the presentation must be a URL or an object.',
  vpIdNotUrl: () => 'The presentation’s id must be a URL.',
  vpHolderNotUrl: () => 'The presentation’s holder must be a URL or an object with a URL id.',
  vpCredentialNotObject: () =>
    'Each verifiableCredential of the presentation must be a credential object (not a string, number or URL).',
  vpUnsignedChallenged: () => 'The presentation is not signed, so it cannot answer the challenge.',
  vpUnsigned: () =>
    'The presentation is not signed by its holder; only the credentials in it were checked.',
  vpNoChallenge: () => 'The presentation’s proof has no challenge.',
  vpSigned: (holder: string | undefined, challenge: boolean, domain: boolean) =>
    `The holder (${holder ?? 'unnamed'}) signed this presentation${challenge ? ' for the given challenge' : ''}${domain ? ' and domain' : ''}.`,
  vpHolderMismatch: (holder: string, signer: string) =>
    `The presentation names ${holder} as its holder but is signed by a key of ${signer}: only the holder’s own key can sign it.`,
  vpProofInvalid: (why: string) => `The presentation’s proof does not verify: ${why}`,
  vpProofUncheckable: (why: string) => `The presentation’s proof could not be checked: ${why}`,
  unknownReason: () => 'unknown reason',
  // (the API's presentations/verify: its replay guard and its answer)
  vpNoChallengeToCheck: (endpoint: string) =>
    `No challenge to check the holder’s proof against, so a replayed presentation would pass: send options.challenge, or ask for one at ${endpoint}.`,
  vpChallengeUsed: () => 'This challenge was already used or has expired: ask for a new one.',
  vpNoHolderProof: () =>
    'No holder proof was checked: the presentation is not signed by its holder, so anyone holding these credentials could have sent it. Only the credentials were verified.',
  vpProofTitle: () => 'Presentation proof',
  vpNotCheckedTitle: () => 'Presentation proof not checked',
  vpCredential: () => 'credential',
};

export type Words = typeof en;

/** A purpose word inside a Spanish sentence ("la lista de revocación"). */
const purposeEs = (purpose: string) =>
  purpose === 'revocation'
    ? 'revocación'
    : purpose === 'suspension'
      ? 'suspensión'
      : purpose === 'message'
        ? 'mensajes'
        : `«${purpose}»`;

const es: Partial<Words> = {
  summaryTampered: (why) => `Alterado: ${why}`,
  summaryInvalid: (why) => `No es un certificado válido: ${why}`,
  summaryEndorsementFailed: (why) => `Un aval no es válido: ${why}`,
  summaryUnknownIssuer: (why) =>
    `Firmado correctamente por un emisor que Kindred no conoce: ${why}`,
  summaryRevoked: (why) => `Revocado: ${why}`,
  summarySuspended: (why) => `Suspendido: ${why}`,
  summaryExpired: (why) => `Vencido: ${why}`,
  summaryNotYetValid: (why) => `Todavía no es válido: ${why}`,
  summaryNotChecked: (why) => `Sin revisar: ${why}`,
  summaryStatusUnknown: () =>
    'Probado con el archivo: lo firmó su emisor, no cambió, tiene la forma correcta y está dentro de sus fechas. Sin probar: si fue revocado o suspendido (no se consultaron las listas de estado).',
  summaryStatusUnconfirmed: (why) => `No se pudo confirmar su estado: ${why}`,
  summaryValid: () =>
    'Válido: lo firmó su emisor, no cambió, no está revocado ni suspendido y está dentro de sus fechas.',

  signatureValid: () =>
    'La firma del emisor (Data Integrity, eddsa-rdfc-2022) corresponde al contenido.',
  dataModelValid: () => 'Cumple las reglas de Verifiable Credentials 2.0 y Open Badges 3.0.',
  notCheckedUnsigned: () =>
    'No se revisó, porque la firma no es válida: lo que dice el archivo no está probado.',
  notCheckedUnavailable: () =>
    'No se revisó, porque no se pudo comprobar la firma: lo que dice el archivo no está probado.',
  datesHoldButRevoked: () => 'Sus fechas están en regla, pero eso ya no importa: fue revocado.',
  notAnObjectCredential: () => 'No es un objeto JSON, así que no es una credencial.',

  tampered: () =>
    'La firma no corresponde al contenido: se modificó después de firmarse, o lo firmó una clave que no es la de su emisor.',
  tamperedProofOf: (i, n) => `(prueba ${i} de ${n})`,
  unknownDid: (url) =>
    `No se puede resolver «${url}»: los identificadores did:key con claves Ed25519 se resuelven sin conexión, y los did:web solo con conexión.`,
  unknownContext: (url) =>
    `Contexto o documento JSON-LD desconocido «${url}»: no viene incluido y no se descarga nada de la red.`,
  undefinedTerms: () =>
    'Contiene propiedades o tipos que sus contextos JSON-LD no definen, así que su firma no se puede revisar.',
  noMatchingProof: (suite) =>
    `No tiene una prueba Data Integrity ${suite} de afirmación (assertion) hecha por su emisor.`,
  signatureUncheckable: (why) => `No se pudo revisar su firma: ${why}`,
  didWebInvalidId: (did, detail) => `“${did}” no es un identificador did:web válido (${detail}).`,
  didWebPrivate: (domain, address) =>
    `No se descargó el documento DID del emisor: ${domain} es una dirección de red privada o local (${address}), de la que Kindred no descarga nada, así que no se pudo revisar la firma.`,
  didWebTimeout: (seconds) => `no respondió en ${seconds} s`,
  didWebUnreachable: (url, why) =>
    `No se pudo descargar el documento DID del emisor desde ${url} (${why}), así que no se pudo revisar la firma.`,
  didWebOffline: (did) =>
    `Su emisor es un identificador did:web (${did}), cuyo documento DID hay que descargar del sitio web del emisor; esta revisión no descarga nada (sin conexión), así que no se revisó la firma.`,
  didWebDisabled: (did, setting) =>
    `Está firmado con un identificador did:web (${did}), cuyo documento DID hay que descargar del sitio web de su dueño; este servidor está configurado para no descargar documentos DID (${setting}), así que no se revisó la firma.`,
  unknownError: () => 'error desconocido',
  notSigned: () => 'No está firmado (no tiene prueba, «proof»).',
  proofKind: (suite) =>
    `Cada una de sus pruebas debe ser una prueba Data Integrity con ${suite}, la única que se acepta.`,
  proofPurpose: (i) => `Su prueba ${i} no es de tipo assertionMethod.`,
  proofPreviousMissing: (i, previous) =>
    `Su prueba ${i} se apoya en una prueba anterior (${previous}) que no incluye.`,
  proofKeyUnauthorized: (i) =>
    `Quien controla la clave de su prueba ${i} no la autoriza para afirmaciones (assertionMethod).`,

  contextFirst: (v2, v1) =>
    `Su primer @context no es el contexto de VC 2.0 (${v2}) ni el de VC 1.1 (${v1}).`,
  contextUnknown: (c) =>
    `Usa un contexto JSON-LD que este verificador no conoce y no va a descargar: ${c}.`,
  mustBeUrl: (what, value) => `${what} debe ser una URL, pero es ${value}.`,
  itsId: () => 'Su id',
  noSubject: () => 'No tiene credentialSubject (de quién o de qué trata).',
  emptySubject: () => 'Su credentialSubject debe ser un objeto que diga algo.',
  entryNotObject: (prop) => `Cada entrada de ${prop} debe ser un objeto.`,
  entryNoType: (prop) => `Cada entrada de ${prop} debe tener un tipo (type).`,
  schemaNoId: () => 'Cada entrada de credentialSchema debe tener un id.',
  notADateTime: (prop) => `${prop} no es una fecha y hora válida.`,
  v11NoIssuanceDate: () => 'Una credencial VC 1.1 debe tener issuanceDate.',
  datesReversed: (from, fromValue, until, untilValue) =>
    `${from} (${fromValue}) es posterior a ${until} (${untilValue}).`,
  noIssuer: () => 'No dice quién lo emitió (no tiene issuer).',
  manyIssuers: () => 'Debe tener un solo emisor (issuer).',
  issuerNotUrl: () => 'Su emisor debe identificarse con una URL (como un did:key).',
  relatedEmpty: () => 'relatedResource debe incluir al menos un recurso.',
  relatedNotObject: (entry) => `Cada entrada de relatedResource debe ser un objeto, no ${entry}.`,
  relatedIdNotUrl: (what) => `${what}.id debe ser una URL.`,
  relatedTwice: (what, id) =>
    `${what}.id ${id} aparece dos veces; cada recurso relacionado se indica una sola vez.`,
  relatedNoDigest: (what) => `${what} debe tener digestSRI o digestMultibase.`,
  relatedBadDigest: (what) =>
    `${what} tiene un resumen (digest) que no se puede leer (digestSRI «sha384-…», digestMultibase «u…»).`,
  relatedWrongDigest: (what, id) =>
    `${what}: el resumen (digest) de ${id} no corresponde al recurso.`,
  notAnObject: () => 'No es un objeto JSON.',
  notVc: () => 'Su tipo (type) no incluye VerifiableCredential.',
  its: (problem) => `En su ${problem}`,
  notAchievementSubject: () => 'Su credentialSubject debe ser un AchievementSubject.',
  noAchievement: () => 'No describe el logro (achievement).',
  notAchievement: () => 'Su achievement debe ser de tipo Achievement.',
  achievementLacks: (k) => `Su achievement no tiene ${k}.`,
  creator: () => 'El creador (creator) del logro',
  itsIssuer: () => 'Su emisor (issuer)',
  notProfile: (what) => `${what} debe ser un Profile con id y type.`,
  entryType: (what, type, required) =>
    required
      ? `Cada entrada de ${what} debe ser de tipo ${type} y tener ${required}.`
      : `Cada entrada de ${what} debe ser de tipo ${type}.`,
  badIdentifier: () =>
    'Cada identificador de la persona titular debe ser un IdentityObject con identityHash, identityType y hashed.',
  notEndorsementSubject: () => 'Su credentialSubject debe ser un EndorsementSubject.',
  endorsementNoTarget: () => 'Un aval debe indicar qué avala (credentialSubject.id).',
  noObContext: () => 'Le falta el contexto de Open Badges 3.0.',
  noStartDate: (field) => `No tiene la fecha ${field}.`,

  statusSize: (path, max, value) =>
    `${path}.statusSize debe ser un número entero del 1 al ${max}, no ${value}.`,
  statusMessageRequired: (path) =>
    `${path}.statusMessage es obligatorio cuando statusSize es mayor que 1.`,
  statusMessageArray: (path) => `${path}.statusMessage debe ser una lista (array).`,
  statusMessageCount: (path, count, bits, actual) =>
    `${path}.statusMessage debe tener ${count} elementos (2 elevado a statusSize ${bits}), no ${actual}.`,
  statusMessageObject: (at) => `${at} debe ser un objeto con status y message.`,
  statusMessageHex: (at, max, value) =>
    `${at}.status debe ser un valor hexadecimal de 0x0 a ${max} con el prefijo 0x, no ${value}.`,
  statusMessageRepeats: (at, value) => `${at}.status repite el valor ${value}.`,
  statusMessageText: (at) => `${at}.message debe ser un texto no vacío.`,
  statusReference: (path) => `${path}.statusReference debe ser una URL o una lista de URL.`,
  statusPurposeString: (path) => `${path}.statusPurpose debe ser un texto.`,
  statusIndex: (path, value) =>
    `${path}.statusListIndex debe ser un número entero de 0 o más escrito en base 10 como texto, no ${value}.`,
  statusListUrl: (path) =>
    `${path}.statusListCredential debe ser la URL de la credencial de la lista de estado.`,
  statusIdIsList: (path) => `${path}.id no debe ser la URL de la propia lista de estado.`,

  notValidUntil: (day) => `no es válido hasta el ${day}`,
  expiredOn: (day) => `venció el ${day}`,
  validFromUntil: (from, until) => `es válido del ${from} al ${until}`,
  validUntilOnly: (until) => `es válido hasta el ${until}`,
  validFromOpen: (from) => `es válido desde el ${from}, sin fecha de vencimiento`,
  validOpen: () => 'es válido, sin fecha de vencimiento',
  noDates: () => 'No hay fechas que revisar.',
  certificateDates: (detail) => `El certificado ${detail}.`,
  endorsementDates: (name, detail) => `El aval de ${name} ${detail}.`,
  anEndorser: () => 'una entidad avaladora',

  notEndorsementCredential: () => 'No es una EndorsementCredential.',
  endorsesOther: () => 'Trata de otra credencial, así que no avala esta.',
  endorsementValid: () => 'firma válida; avala este certificado',
  endorsementLine: (passed, who, detail) =>
    `${passed ? 'Correcto' : 'Falló'}: aval de ${who}: ${detail}.`,
  unnamedEndorser: () => 'una entidad avaladora sin nombre',
  noEndorsements: () => 'No lleva avales.',

  issuedNoRegistry: (who) =>
    `Emitido por ${who}. No se consultó ningún registro de emisores conocidos, así que no se confirmó quién tiene esta clave.`,
  issuedKnown: (who) => `Emitido por ${who}, una organización que Kindred conoce.`,
  issuedUnknown: (who, id) =>
    `Emitido por ${who}, que no está en el registro de organizaciones de Kindred: la firma solo prueba que esta clave lo firmó, no quién tiene la clave. Averigua quién es ${id}.`,
  endorserUnknown: (who) => `La entidad avaladora ${who} no está en el registro de Kindred.`,

  listNotBitstring: () => 'no es una BitstringStatusListCredential',
  listOtherIssuer: () => 'no la emitió el emisor del certificado',
  listOtherPurpose: (is, wanted) =>
    `es una lista de ${purposeEs(is)}, no una lista de ${purposeEs(wanted)}`,
  listExpired: (day) => `venció el ${day}; el emisor no la ha vuelto a publicar`,
  statusMethodUnsupported: () => 'usa un método de estado que este verificador no admite',
  statusPurposeIgnored: (purpose) => `no se revisó un estado «${purpose}»`,
  theEntry: (purpose) => `la entrada de ${purposeEs(purpose)}`,
  messageEntryEmpty: () => 'la entrada de mensajes no da statusSize ni statusMessage',
  listUnreachable: (purpose, url) =>
    `no se pudo obtener la lista de ${purposeEs(purpose)} en ${url}`,
  listProblem: (purpose, url, problem) => `la lista de ${purposeEs(purpose)} en ${url} ${problem}`,
  listUnsigned: (purpose, url) =>
    `la lista de ${purposeEs(purpose)} en ${url} no tiene una firma válida`,
  listUndecodable: (purpose, url) =>
    `la lista de ${purposeEs(purpose)} en ${url} no se puede decodificar`,
  listTooShort: (purpose, url, length, size) =>
    `la lista de ${purposeEs(purpose)} en ${url} tiene menos de ${length} entradas de ${size} bits`,
  entryOutside: (purpose, url) =>
    `la entrada de ${purposeEs(purpose)} apunta fuera de la lista en ${url}`,
  messageUndefined: (url, value) =>
    `la lista de mensajes en ${url} tiene el valor ${value}, que el statusMessage de la credencial no define`,
  statusSet: (purpose) =>
    purpose === 'revocation'
      ? 'El emisor lo revocó (así lo dice su lista de revocación firmada).'
      : 'El emisor lo suspendió (así lo dice su lista de suspensión firmada).',
  statusClear: (purpose) =>
    purpose === 'revocation'
      ? 'No está revocado (se revisó la lista de revocación firmada del emisor).'
      : 'No está suspendido (se revisó la lista de suspensión firmada del emisor).',
  couldNotCheck: (why) => `No se pudo revisar: ${why}.`,
  noRevocationEntries: () =>
    'No tiene entradas de revocación ni de suspensión, así que no se puede revocar ni suspender.',
  noStatusEntries: () => 'No tiene entradas de estado, así que no se puede revocar ni suspender.',
  statusOffline: () =>
    'No se revisó: sin conexión no se descargaron las listas de estado del emisor, así que no se sabe si fue revocado o suspendido.',
  statusNotChecked: () => 'No se revisó, porque el certificado no pasó las revisiones anteriores.',

  vpNotPresentation: () =>
    'No es una presentación verificable (su tipo debe incluir "VerifiablePresentation").',
  vpContextFirst: (v2, v1) => `El primer @context de la presentación debe ser ${v2} (o ${v1}).`,
  vpContextUnknown: (c) =>
    `La presentación usa un contexto JSON-LD que este verificador no conoce y no va a descargar: ${c}.`,
  vpContextEntry: () => 'Cada entrada @context de la presentación debe ser una URL o un objeto.',
  vpIdNotUrl: () => 'El id de la presentación debe ser una URL.',
  vpHolderNotUrl: () =>
    'El titular (holder) de la presentación debe ser una URL o un objeto con un id que sea URL.',
  vpCredentialNotObject: () =>
    'Cada verifiableCredential de la presentación debe ser un objeto de credencial (no un texto, un número ni una URL).',
  vpUnsignedChallenged: () =>
    'La presentación no está firmada, así que no puede responder al desafío.',
  vpUnsigned: () =>
    'La presentación no está firmada por su titular; solo se revisaron las credenciales que contiene.',
  vpNoChallenge: () => 'La prueba de la presentación no tiene desafío.',
  vpSigned: (holder, challenge, domain) =>
    `El titular (${holder ?? 'sin nombre'}) firmó esta presentación${challenge ? ' para el desafío indicado' : ''}${domain ? ' y el dominio' : ''}.`,
  vpHolderMismatch: (holder, signer) =>
    `La presentación dice que su titular es ${holder}, pero está firmada con una clave de ${signer}: solo la clave del propio titular puede firmarla.`,
  vpProofInvalid: (why) => `La prueba de la presentación no es válida: ${why}`,
  vpProofUncheckable: (why) => `No se pudo revisar la prueba de la presentación: ${why}`,
  unknownReason: () => 'motivo desconocido',
  vpNoChallengeToCheck: (endpoint) =>
    `No hay un desafío con el cual revisar la prueba del titular, así que una presentación reenviada pasaría: envía options.challenge o pide uno en ${endpoint}.`,
  vpChallengeUsed: () => 'Este desafío ya se usó o venció: pide uno nuevo.',
  vpNoHolderProof: () =>
    'No se revisó ninguna prueba del titular: la presentación no está firmada por su titular, así que cualquiera que tenga estas credenciales pudo enviarla. Solo se verificaron las credenciales.',
  vpProofTitle: () => 'Prueba de la presentación',
  vpNotCheckedTitle: () => 'Prueba de la presentación sin revisar',
  vpCredential: () => 'credencial',
};

const DICTIONARIES: Record<VerifyLang, Partial<Words>> = { en, es };
const merged = new Map<VerifyLang, Words>();

export const isVerifyLang = (v: unknown): v is VerifyLang => VERIFY_LANGS.includes(v as VerifyLang);

/** The verifier's sentences in `lang` (English where a sentence has no translation; see `untranslated`). */
export function inLanguage(lang: VerifyLang | undefined): Words {
  const l = isVerifyLang(lang) ? lang : 'en';
  let words = merged.get(l);
  if (!words) {
    words = { ...en, ...DICTIONARIES[l] };
    merged.set(l, words);
  }
  return words;
}

/** The sentences `lang` has no translation for (a unit test keeps this empty for every language). */
export function untranslated(lang: VerifyLang): (keyof Words)[] {
  const dict = DICTIONARIES[lang];
  return (Object.keys(en) as (keyof Words)[]).filter((k) => dict[k] === undefined);
}

export const ENGLISH: Words = en;
