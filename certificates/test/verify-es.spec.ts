import { createServer } from 'node:net';
import {
  CachedVerifier,
  createDidWebResolver,
  didWebReason,
  inLanguage,
  untranslated,
  verifyCredential,
  type Check,
  type JsonObject,
  type VerificationResult,
} from '../src/index.js';
import { issueCoIssued, makeOrgs, StatusLists, YEAR_MS, type Org } from './support/factory.js';

let city: Org;
let university: Org;
let lists: StatusLists;
let signed: JsonObject;
let known: Set<string>;

beforeAll(async () => {
  ({ city, university } = await makeOrgs());
  lists = new StatusLists(city);
  await lists.publish();
  signed = await issueCoIssued(city, university, lists);
  known = new Set([city.key.did, university.key.did]);
});

const check = (r: VerificationResult, id: Check['id']) => r.checks.find((c) => c.id === id)!;
/** Words only English writes in these sentences (ids, URLs and field names are the same in both). */
const ENGLISH_WORDS =
  /\b(the|It|is|not|and|by|Issued|Valid|Passed|Failed|signature|endorsement|checked|revoked|suspended|expired)\b/;

describe('the verifier in Spanish', () => {
  it('translates every sentence (nothing is left in English)', () => {
    expect(untranslated('es')).toEqual([]);
  });

  it('falls back to English for an unknown language', () => {
    expect(inLanguage(undefined).noEndorsements()).toBe('It carries no endorsements.');
  });

  it('says each check of a valid certificate in Spanish', async () => {
    const r = await verifyCredential(signed, lists.options({ knownIssuers: known, lang: 'es' }));
    expect(r.verdict).toBe('valid');
    expect(r.summary).toBe(
      'Válido: lo firmó su emisor, no cambió, no está revocado ni suspendido y está dentro de sus fechas.',
    );
    expect(check(r, 'signature').detail).toBe(
      'La firma del emisor (Data Integrity, eddsa-rdfc-2022) corresponde al contenido.',
    );
    expect(check(r, 'endorsements').detail).toMatch(
      /^Correcto: aval de Riverside University \(did:key:[^)]+\): firma válida; avala este certificado\.$/,
    );
    expect(check(r, 'status').detail).toBe(
      'No está revocado (se revisó la lista de revocación firmada del emisor). No está suspendido (se revisó la lista de suspensión firmada del emisor).',
    );
    expect(check(r, 'dates').detail).toMatch(
      /^El certificado es válido del \d{4}-\d\d-\d\d al \d{4}-\d\d-\d\d\.$/,
    );
    expect(check(r, 'issuer').detail).toMatch(
      /^Emitido por “.+” \(did:key:.+\), una organización que Kindred conoce\.$/,
    );
    expect(check(r, 'data_model').detail).toBe(
      'Cumple las reglas de Verifiable Credentials 2.0 y Open Badges 3.0.',
    );
    for (const c of r.checks) expect(c.detail).not.toMatch(ENGLISH_WORDS);
    expect(r.endorsements[0].detail).toBe('firma válida; avala este certificado');
  });

  it('says revoked and suspended in Spanish', async () => {
    await lists.set('revocation', 7, true);
    const revoked = await verifyCredential(signed, lists.options({ lang: 'es' }));
    expect(revoked.verdict).toBe('revoked');
    expect(revoked.summary).toMatch(/^Revocado: El emisor lo revocó/);
    expect(check(revoked, 'dates').detail).toBe(
      'Sus fechas están en regla, pero eso ya no importa: fue revocado.',
    );
    await lists.set('revocation', 7, false);
    await lists.set('suspension', 11, true);
    const suspended = await verifyCredential(signed, lists.options({ lang: 'es' }));
    expect(check(suspended, 'status').detail).toMatch(/El emisor lo suspendió/);
    expect(suspended.summary).toMatch(/^Suspendido: /);
    await lists.set('suspension', 11, false);
  });

  it('says expired and not yet valid in Spanish', async () => {
    const later = await verifyCredential(
      signed,
      lists.options({ now: new Date(Date.now() + 3 * YEAR_MS), lang: 'es' }),
    );
    expect(later.verdict).toBe('expired');
    expect(later.summary).toMatch(/^Vencido: El certificado venció el \d{4}-\d\d-\d\d\./);
    const earlier = await verifyCredential(
      signed,
      lists.options({ now: new Date(Date.now() - YEAR_MS), lang: 'es' }),
    );
    expect(earlier.summary).toMatch(/^Todavía no es válido: El certificado no es válido hasta el /);
  });

  it('says a tampered certificate in Spanish, and the checks that did not run', async () => {
    const r = await verifyCredential(
      { ...signed, name: 'Something else' },
      lists.options({ knownIssuers: known, lang: 'es' }),
    );
    expect(r.verdict).toBe('tampered');
    expect(r.summary).toMatch(/^Alterado: La firma no corresponde al contenido/);
    expect(check(r, 'issuer').detail).toBe(
      'No se revisó, porque la firma no es válida: lo que dice el archivo no está probado.',
    );
    expect(check(r, 'status').detail).toBe(
      'No se revisó, porque el certificado no pasó las revisiones anteriores.',
    );
  });

  it('says an unknown issuer, offline status and data model problems in Spanish', async () => {
    const unknownIssuer = await verifyCredential(
      signed,
      lists.options({ knownIssuers: new Set([university.key.did]), lang: 'es' }),
    );
    expect(unknownIssuer.verdict).toBe('unknown_issuer');
    expect(check(unknownIssuer, 'issuer').detail).toMatch(
      /no está en el registro de organizaciones de Kindred/,
    );
    const offline = await verifyCredential(signed, {
      ...lists.options(),
      offline: true,
      lang: 'es',
    });
    expect(check(offline, 'status').detail).toMatch(/^No se revisó: sin conexión/);
    expect(offline.summary).toMatch(/^Probado con el archivo/);
    const broken = await verifyCredential(
      { ...signed, validUntil: '2020-01-01T00:00:00Z' },
      lists.options({ lang: 'es' }),
    );
    expect(check(broken, 'data_model').detail).toMatch(/es posterior a validUntil/);
    const noObject = await verifyCredential('nope', lists.options({ lang: 'es' }));
    expect(noObject.summary).toBe(
      'No es un certificado válido: No es un objeto JSON, así que no es una credencial.',
    );
  });

  it('keeps cached findings per language', async () => {
    const verifier = new CachedVerifier();
    const tampered = { ...signed, name: 'Changed' };
    const en = await verifier.verify(tampered, lists.options());
    const es = await verifier.verify(tampered, lists.options({ lang: 'es' }));
    expect(check(en, 'signature').detail).toMatch(/^The signature does not match/);
    expect(check(es, 'signature').detail).toMatch(/^La firma no corresponde/);
    expect(verifier.size).toBe(2);
  });

  it('says why a did:web issuer’s DID document was not had in Spanish (issue 16)', async () => {
    const asDidWeb = (issuer: string) => ({
      ...signed,
      issuer: { ...(signed.issuer as JsonObject), id: issuer },
      proof: { ...(signed.proof as JsonObject), verificationMethod: `${issuer}#key-1` },
    });
    const offline = await verifyCredential(
      asDidWeb('did:web:10.0.0.8'),
      lists.options({ lang: 'es' }),
    );
    expect(offline.verdict).toBe('not_checked');
    expect(check(offline, 'signature').detail).toBe(
      'Su emisor es un identificador did:web (did:web:10.0.0.8), cuyo documento DID hay que descargar del sitio web del emisor; esta revisión no descarga nada (sin conexión), así que no se revisó la firma.',
    );
    const guarded = await verifyCredential(
      asDidWeb('did:web:10.0.0.8'),
      lists.options({ lang: 'es', didWeb: createDidWebResolver() }),
    );
    expect(check(guarded, 'signature').detail).toBe(
      'No se descargó el documento DID del emisor: 10.0.0.8 es una dirección de red privada o local (10.0.0.8), de la que Kindred no descarga nada, así que no se pudo revisar la firma.',
    );
    expect(guarded.summary).toMatch(/^Sin revisar: No se descargó el documento DID del emisor/);
    // a port nothing listens on: refused at once
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await verifyCredential(
      asDidWeb(`did:web:127.0.0.1%3A${port}`),
      lists.options({
        lang: 'es',
        didWeb: createDidWebResolver({ allowPrivateHosts: ['127.0.0.1'], timeoutMs: 2000 }),
      }),
    );
    expect(check(unreachable, 'signature').detail).toMatch(
      /^No se pudo descargar el documento DID del emisor desde https:\/\/127\.0\.0\.1:\d+\/\.well-known\/did\.json \(.+\), así que no se pudo revisar la firma\.$/,
    );
    const es = inLanguage('es');
    expect(
      didWebReason(es, { kind: 'unreachable', url: 'https://x.example', timeoutSeconds: 5 }),
    ).toBe(
      'No se pudo descargar el documento DID del emisor desde https://x.example (no respondió en 5 s), así que no se pudo revisar la firma.',
    );
    expect(didWebReason(es, { kind: 'invalid-id', did: 'did:web:', detail: 'empty' })).toBe(
      '“did:web:” no es un identificador did:web válido (empty).',
    );
  });
});
