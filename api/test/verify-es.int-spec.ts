import { inLanguage } from '@kindred/certificates';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';

/** The answer depends on the reader's language and session (compression adds Accept-Encoding beside them). */
function expectVary(vary: string | undefined) {
  expect((vary ?? '').split(/,\s*/)).toEqual(expect.arrayContaining(['Accept-Language', 'Cookie']));
}

// Issue 16: an employer with a Spanish browser reads the verification's reasons in Spanish, by id (the
// QR code's link, answered from memory) and by file; answers are kept per language.
let t: TestApp;
let coordinator: Agent;
let orgId: string;
let id: string;
let signed: Record<string, unknown>;

/** Every English sentence of the verifier that takes no argument (a fixed line the page could show). */
const ENGLISH_LINES = Object.values(inLanguage('en'))
  .filter((f) => f.length === 0)
  .map((f) => (f as () => string)());

interface Answer {
  summary: string;
  checks: { id: string; detail: string }[];
  problemDetails?: { title: string; detail: string }[];
}
const details = (a: Answer) => Object.fromEntries(a.checks.map((c) => [c.id, c.detail]));
const noEnglish = (a: Answer) => {
  const text = [a.summary, ...a.checks.map((c) => c.detail)].join('\n');
  expect(ENGLISH_LINES.filter((line) => text.includes(line))).toEqual([]);
};

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, orgId } = await people(t));
  const jordan = await userId(t, 'jordan@kindred.demo');
  id = (await issueProgram(coordinator, orgId, jordan, 'foundations').expect(201)).body.id;
  signed = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
});
afterAll(() => t?.close());

describe('verification in the reader’s language', () => {
  it('answers by id in Spanish for a Spanish browser, and in English for an English one, each kept apart', async () => {
    const es = await t
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('accept-language', 'es-US,es;q=0.9')
      .expect(200);
    expectVary(es.headers.vary);
    expect(es.body.verdict).toBe('valid');
    expect(es.body.summary).toMatch(/^Válido: lo firmó su emisor/);
    expect(details(es.body).signature).toMatch(/^La firma del emisor/);
    expect(details(es.body).status).toMatch(/^No está revocado/);
    expect(details(es.body).dates).toMatch(/^El certificado es válido del/);
    expect(details(es.body).issuer).toMatch(/una organización que Kindred conoce\.$/);
    noEnglish(es.body);
    // the second Spanish answer comes from memory, still Spanish; an English reader is not given it
    const again = await t
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('accept-language', 'es')
      .expect(200);
    expect(again.body.summary).toBe(es.body.summary);
    const en = await t
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('accept-language', 'en-US')
      .expect(200);
    expectVary(en.headers.vary);
    expect(en.body.summary).toMatch(/^Valid: signed by its issuer/);
    expect(en.headers.etag).not.toBe(es.headers.etag);
    // the language switch's cookie wins over the browser
    const cookie = await t
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('accept-language', 'en-US')
      .set('cookie', 'kindred_lang=es')
      .expect(200);
    expect(cookie.body.summary).toBe(es.body.summary);
  });

  it('follows a signed-in reader’s saved language', async () => {
    const email = 'supervisor.ana@kindred.demo';
    const [before] = await t.db.query(`SELECT locale FROM users WHERE email = $1`, [email]);
    const ana = await t.signIn(email);
    await ana.agent
      .put('/api/auth/locale')
      .set('x-csrf-token', ana.csrf)
      .send({ locale: 'es' })
      .expect(204);
    try {
      const res = await ana.agent
        .get(`/api/credentials/${id}/verification`)
        .set('accept-language', 'en-US')
        .expect(200);
      expect(res.body.summary).toMatch(/^Válido/);
      expectVary(res.headers.vary);
    } finally {
      await t.db.query(`UPDATE users SET locale = $2 WHERE email = $1`, [email, before.locale]);
    }
  });

  it('verifies a file in Spanish: details, problem details and the summary of a tampered file', async () => {
    const valid = await t
      .http()
      .post('/api/credentials/verify')
      .set('accept-language', 'es')
      .send({ verifiableCredential: signed })
      .expect(200);
    expectVary(valid.headers.vary);
    noEnglish(valid.body);
    const tampered = await t
      .http()
      .post('/api/credentials/verify')
      .set('accept-language', 'es')
      .send({ verifiableCredential: { ...signed, name: 'Otro nombre' } })
      .expect(400);
    expect(tampered.body.verdict).toBe('tampered');
    expect(tampered.body.summary).toMatch(/^Alterado: La firma no corresponde al contenido/);
    expect(details(tampered.body).issuer).toMatch(/^No se revisó, porque la firma no es válida/);
    expect(tampered.body.problemDetails[0]).toMatchObject({ title: 'Firma' });
    noEnglish(tampered.body);
  });

  it('says a revocation from our records in Spanish', async () => {
    await changeStatus(coordinator, id, 'revoke', 'Issued in error').expect(200);
    const res = await t
      .http()
      .get(`/api/credentials/${id}/verification`)
      .set('accept-language', 'es')
      .expect(200);
    expect(res.body.verdict).toBe('revoked');
    expect(res.body.summary).toMatch(
      /^Revocado el \d{4}-\d\d-\d\d por .+ La lista de revocación firmada del emisor lo confirma\.$/,
    );
    expect(details(res.body).dates).toBe(
      'Sus fechas están en regla, pero eso ya no importa: fue revocado.',
    );
    noEnglish(res.body);
  });
});
