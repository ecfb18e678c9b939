import {
  generateIssuerKeyPair,
  inLanguage,
  signPresentation,
  type JsonObject,
} from '@kindred/certificates';
import { PathwayDefinitions } from '../src/pathways/pathway-definitions.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { changeStatus, issueProgram, people, userId } from './support/certificates.js';
import { newMember } from './support/people.js';

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

describe('presentation verification in the reader’s language', () => {
  const verify = (body: object) =>
    t.http().post('/api/presentations/verify').set('accept-language', 'es-US,es;q=0.9').send(body);
  interface VpAnswer {
    warning?: string;
    presentationResult: { detail: string }[];
    credentialResults: Answer[];
    problemDetails: { title: string; detail: string }[];
  }
  const noEnglishVp = (a: VpAnswer) => {
    const text = [a.warning ?? '', ...a.presentationResult.map((c) => c.detail)]
      .concat(a.problemDetails.flatMap((p) => [p.title, p.detail]))
      .join('\n');
    expect(ENGLISH_LINES.filter((line) => text.includes(line))).toEqual([]);
    for (const r of a.credentialResults) noEnglish(r);
  };

  it('says the holder’s proof, the warning and each credential in Spanish (issue 16)', async () => {
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [signed],
    };
    const open = (await verify({ verifiablePresentation: unsigned })).body as VpAnswer;
    expect(open.warning).toBe(
      'No se revisó ninguna prueba del titular: la presentación no está firmada por su titular, así que cualquiera que tenga estas credenciales pudo enviarla. Solo se verificaron las credenciales.',
    );
    expect(open.presentationResult[0].detail).toBe(
      'La presentación no está firmada por su titular; solo se revisaron las credenciales que contiene.',
    );
    expect(open.credentialResults[0].summary).toMatch(/^(Válido|Revocado)/);
    noEnglishVp(open);

    const challenged = await verify({
      verifiablePresentation: unsigned,
      options: { challenge: 'x' },
    });
    expect(challenged.status).toBe(400);
    expectVary(challenged.headers.vary);
    const c = challenged.body as VpAnswer;
    expect(c.problemDetails[0]).toEqual(
      expect.objectContaining({
        title: 'Prueba de la presentación',
        detail: 'La presentación no está firmada, así que no puede responder al desafío.',
      }),
    );
    noEnglishVp(c);

    // signed for a challenge that is not ours, and none named: the replay guard says so in Spanish
    const holder = await generateIssuerKeyPair();
    const stray = await signPresentation([signed as JsonObject], holder, { challenge: 'not-ours' });
    const refused = (await verify({ verifiablePresentation: stray })).body as VpAnswer;
    expect(refused.presentationResult[0].detail).toMatch(
      /^No hay un desafío con el cual revisar la prueba del titular/,
    );

    // one of ours: accepted once, in Spanish; the second time it is used up
    const { challenge } = (
      await t.http().post('/api/presentations/challenges').send({}).expect(201)
    ).body as { challenge: string };
    const vp = await signPresentation([signed as JsonObject], holder, { challenge });
    const ok = (await verify({ verifiablePresentation: vp, options: { challenge } }))
      .body as VpAnswer;
    expect(ok.presentationResult[0].detail).toBe(
      `El titular (${holder.did}) firmó esta presentación para el desafío indicado.`,
    );
    expect(ok.warning).toBeUndefined();
    noEnglishVp(ok);
    const again = (await verify({ verifiablePresentation: vp, options: { challenge } }))
      .body as VpAnswer;
    expect(again.presentationResult[0].detail).toBe(
      'Este desafío ya se usó o venció: pide uno nuevo.',
    );
    // an English reader still gets English
    const en = await t
      .http()
      .post('/api/presentations/verify')
      .set('accept-language', 'en-US')
      .send({ verifiablePresentation: unsigned });
    expect((en.body as VpAnswer).warning).toMatch(/^No holder proof was checked/);
  });
});

describe('the bulk check and the coordinator’s pending list in the reader’s language', () => {
  it('answers the employers’ CSV with Spanish headers, verdicts and summaries (issue 16)', async () => {
    const csv = `id\nurn:uuid:${String(id).replace(/^urn:uuid:/, '')}\n00000000-0000-4000-8000-000000000000\n`;
    const res = await t
      .http()
      .post('/api/credentials/verify/bulk')
      .set('accept-language', 'es-US,es;q=0.9')
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expectVary(res.headers.vary);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,resultado,titular,certificado,válido_hasta,resumen');
    // (revoked by the test above) the program's Spanish name, the summary from our records in Spanish
    expect(lines[1]).toMatch(/,revocado,Jordan Reyes,Fundamentos de Apoyo entre Pares de Kindred,/);
    expect(lines[1]).toMatch(/Revocado el \d{4}-\d\d-\d\d por /);
    expect(lines[2]).toBe(
      '00000000-0000-4000-8000-000000000000,no encontrado,,,,Ningún certificado tiene este id.',
    );
    const en = await t
      .http()
      .post('/api/credentials/verify/bulk')
      .set('accept-language', 'en-US')
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(en.text).toMatch(/^\uFEFF?id,verdict,holder,certificate,valid_until,summary\r\n/);
    expect(en.text).toMatch(/,revoked,/);
    expect(en.text).toMatch(/,unknown,,,,No certificate has this id\./);
  });

  it('names the programs waiting for a university in Spanish', async () => {
    const jordan = await userId(t, 'jordan@kindred.demo');
    const pending = await issueProgram(coordinator, orgId, jordan, 'accredited-peer-supporter');
    expect(pending.status).toBe(201);
    expect(pending.body.state).toBe('pending');
    // read by a coordinator of its own, who never saved a language: in a full run the authorization
    // matrix saves the demo coordinator's as English, which then decides over the browser's
    const reader = await t.signIn((await newMember(t, 'coordinator', 'Coordinación')).email);
    const list = async (lang: string) =>
      (
        await reader.agent
          .get(`/api/organizations/${orgId}/certificates`)
          .set('accept-language', lang)
          .expect(200)
      ).body as { pending: { id: string; programName: string }[] };
    const es = (await list('es')).pending.find((p) => p.id === pending.body.requestId);
    expect(es?.programName).toBe('Persona de Apoyo entre Pares Acreditada');
    const en = (await list('en-US')).pending.find((p) => p.id === pending.body.requestId);
    expect(en?.programName).not.toBe(es?.programName);
  });
});

describe('the certificate’s own name in the reader’s language (issue 16)', () => {
  const EN = 'Kindred Peer Supporter Foundations';
  const ES = 'Fundamentos de Apoyo entre Pares de Kindred';

  it('is signed as Open Badges Strings in English, and verification, the issued list and the holder’s list name it in the reader’s language', async () => {
    const holder = await newMember(t, 'volunteer', 'Lucía Campos');
    const issued = (await issueProgram(coordinator, orgId, holder.id, 'foundations').expect(201))
      .body as { id: string };
    const vc = (await t.http().get(`/api/credentials/${issued.id}`).expect(200)).body as JsonObject;
    // Open Badges 3.0 types name and description as one String (the credential declares its schema)
    expect(vc.name).toBe(EN);
    const achievement = (vc.credentialSubject as JsonObject).achievement as JsonObject;
    expect(achievement.name).toBe(EN);
    expect(typeof achievement.description).toBe('string');

    // by id and by file: valid, and the name in the reader's language
    const byId = async (lang: string) =>
      (
        await t
          .http()
          .get(`/api/credentials/${issued.id}/verification`)
          .set('accept-language', lang)
          .expect(200)
      ).body as {
        verdict: string;
        name?: string;
        holderStatus?: { stage: string; pathway: string };
      };
    const es = await byId('es-US,es;q=0.9');
    expect(es).toMatchObject({ verdict: 'valid', name: ES });
    // the holder's pathway stage beside it, in Spanish too
    const pathway = t.app
      .get(PathwayDefinitions)
      .list()
      .find((p) => p.slug === 'peer-supporter')!;
    const stagesEs = Object.values(pathway.translations.es.stages!);
    expect(stagesEs).toContain(es.holderStatus?.stage);
    expect(es.holderStatus?.pathway).toBe(pathway.translations.es.name);
    const en = await byId('en-US');
    expect(en).toMatchObject({ verdict: 'valid', name: EN });
    expect(pathway.stages.map((x) => x.name)).toContain(en.holderStatus?.stage);
    const file = await t
      .http()
      .post('/api/credentials/verify')
      .set('accept-language', 'es')
      .send({ verifiableCredential: vc })
      .expect(200);
    expect(file.body).toMatchObject({ verified: true, name: ES });

    // the coordinator's issued list (a coordinator of its own: see the pending-list case above)
    const reader = await t.signIn((await newMember(t, 'coordinator', 'Coordinación')).email);
    const listed = async (lang: string) =>
      (
        (
          await reader.agent
            .get(`/api/organizations/${orgId}/certificates`)
            .set('accept-language', lang)
            .expect(200)
        ).body as { certificates: { id: string; name: string }[] }
      ).certificates.find((c) => c.id === issued.id)?.name;
    expect(await listed('es')).toBe(ES);
    expect(await listed('en-US')).toBe(EN);

    // the holder's own list
    const mine = await t.signIn(holder.email);
    const own = (
      await mine.agent.get('/api/certificates/mine').set('accept-language', 'es').expect(200)
    ).body as { id: string; name: string }[];
    expect(own.find((c) => c.id === issued.id)?.name).toBe(ES);
  });
});
