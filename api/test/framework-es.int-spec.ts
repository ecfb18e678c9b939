// The competency framework in the request's language: names, behaviors, rubric criteria and level
// texts reach a Spanish reader in Spanish wherever they are shown (issue 16), and the CASE export
// publishes the Spanish framework as its own package.
import type { Framework } from '@kindred/courses';
import { loadCatalog } from '../src/courses/course-content.js';
import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// The real content: courses/es/competencies.yaml.
let t: TestApp;
let en: Framework;
let es: Framework['translations'][string];
let orgId: string;
let coordinator: Agent;

async function person(role: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(role);
  const [u] = await t.db.query(
    `INSERT INTO users (email, name, password_hash)
     SELECT $1, $2, password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id`,
    [email, `Test ${role}`],
  );
  await t.db.query(`INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, $3)`, [
    u.id,
    orgId,
    role,
  ]);
  return { id: u.id, email };
}

beforeAll(async () => {
  en = loadCatalog().framework;
  es = en.translations.es!;
  t = await createTestApp();
  [{ id: orgId }] = await t.db.query(
    `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
  );
  coordinator = await t.signIn('coordinator@kindred.demo');
});
afterAll(() => t.close());

const ES = { 'accept-language': 'es-US,es;q=0.9' };
const EN = { 'accept-language': 'en-US,en;q=0.9' };

describe('the competency framework in Spanish', () => {
  let supervisor: Agent;
  let volunteer: Agent;
  let requestId: string;

  beforeAll(async () => {
    const sup = await person('supervisor');
    const vol = await person('volunteer');
    await coordinator.agent
      .post('/api/cohorts/assignments')
      .set('x-csrf-token', coordinator.csrf)
      .send({ organizationId: orgId, supervisorId: sup.id, volunteerId: vol.id })
      .expect(201);
    supervisor = await t.signIn(sup.email);
    volunteer = await t.signIn(vol.email);
    const req = await volunteer.agent
      .post('/api/me/competencies/PEER.1/signoff-requests')
      .set('x-csrf-token', volunteer.csrf)
      .send({ reflection: 'Expliqué mi función a una persona en la biblioteca' })
      .expect(201);
    requestId = req.body.id;
  });

  it('the course page names its competencies in Spanish for a Spanish request (English otherwise)', async () => {
    // The course page shows each competency id with the name from the volunteer's competency map.
    const course = await volunteer.agent
      .get('/api/courses/peer-roles')
      .query({ lang: 'es' })
      .set(ES)
      .expect(200);
    const map = await volunteer.agent.get('/api/me/competencies').set(ES).expect(200);
    const names = new Map(
      (map.body as { competencyId: string; name: string }[]).map((c) => [c.competencyId, c.name]),
    );
    expect(course.body.competencies.length).toBeGreaterThan(0);
    for (const id of course.body.competencies as string[]) {
      expect(names.get(id)).toBe(es.competencies[id].name);
      expect(names.get(id)).not.toBe(en.competencies.find((c) => c.id === id)!.name);
    }
    const english = await volunteer.agent.get('/api/me/competencies').set(EN).expect(200);
    expect(english.body[0].name).toBe(en.competencies[0].name);
  });

  it('the supervisor reviews with the Spanish rubric, and the queue names the competency in Spanish', async () => {
    const review = await supervisor.agent
      .get(`/api/supervision/requests/${requestId}`)
      .set(ES)
      .expect(200);
    const peer1 = es.competencies['PEER.1'];
    expect(review.body.competencyName).toBe(peer1.name);
    const english = en.competencies.find((c) => c.id === 'PEER.1')!;
    expect(review.body.rubric.map((k: { id: string }) => k.id)).toEqual(
      english.rubric.map((k) => k.id),
    );
    for (const k of review.body.rubric as { id: string; criterion: string; levels: object }[]) {
      expect(k.criterion).toBe(peer1.rubric[k.id].criterion);
      expect(k.levels).toEqual(peer1.rubric[k.id].levels);
    }
    const queue = await supervisor.agent.get('/api/supervision/queue').set(ES).expect(200);
    expect(
      queue.body.find((q: { id: string }) => q.id === requestId).competencyName as string,
    ).toBe(peer1.name);
    const inEnglish = await supervisor.agent
      .get(`/api/supervision/requests/${requestId}`)
      .set(EN)
      .expect(200);
    expect(inEnglish.body.rubric[0].criterion).toBe(english.rubric[0].criterion);
  });

  it('the competency page, the certificate checklist and the pathway speak Spanish too', async () => {
    const page = await t.http().get('/api/competencies/PEER.1').set(ES).expect(200);
    const peer1 = es.competencies['PEER.1'];
    expect(page.body).toMatchObject({
      id: 'PEER.1',
      name: peer1.name,
      description: peer1.description,
      behaviors: peer1.behaviors,
      domainName: es.domains.PEER.name,
      uri: expect.stringMatching(/\/api\/frameworks\/kindred-peer-support\/es\/items\/PEER\.1$/),
    });
    expect(page.body.scale.map((s: { name: string }) => s.name)).toEqual(
      en.scale.map((s) => es.scale[s.id].name),
    );
    const progress = await volunteer.agent.get('/api/certificates/mine/progress').set(ES);
    const req = progress.body
      .flatMap((p: { requirements: { id: string; name: string }[] }) => p.requirements)
      .find((r: { id: string }) => r.id === 'PEER.1');
    expect(req.name).toBe(peer1.name);
    const pathway = await volunteer.agent.get('/api/me/pathway').set(ES).expect(200);
    type Items = { items: { kind: string; label: string }[] } | null;
    const labels = (pathway.body as { next: Items; renewal: Items }[])
      .flatMap((p) => [...(p.next?.items ?? []), ...(p.renewal?.items ?? [])])
      .filter((i) => i.kind === 'competency')
      .map((i) => i.label);
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) {
      const id = label.split(' ')[0];
      expect(label).toBe(`${id} ${es.competencies[id].name}`);
    }
  });

  it('the CASE export lists the Spanish package, which carries the Spanish texts and links each node to its English one', async () => {
    const english = await t.http().get('/api/frameworks/kindred-peer-support').expect(200);
    expect(english.body['ext:translations']).toEqual([
      {
        language: 'es',
        uri: expect.stringMatching(/\/api\/frameworks\/kindred-peer-support\/es$/),
      },
    ]);
    const spanish = await t.http().get('/api/frameworks/kindred-peer-support/es').expect(200);
    expect(spanish.headers['cache-control']).toMatch(/public/);
    expect(spanish.body.CFDocument).toMatchObject({ language: 'es', title: es.title });
    const item = await t
      .http()
      .get('/api/frameworks/kindred-peer-support/es/items/PEER.1')
      .expect(200);
    expect(item.body).toMatchObject({
      language: 'es',
      abbreviatedStatement: es.competencies['PEER.1'].name,
    });
    const link = spanish.body.CFAssociations.find(
      (a: { associationType: string; originNodeURI: { identifier: string } }) =>
        a.associationType === 'isTranslationOf' &&
        a.originNodeURI.identifier === item.body.identifier,
    );
    expect(link.destinationNodeURI.uri).toBe(
      english.body.CFItems.find(
        (i: { humanCodingScheme: string }) => i.humanCodingScheme === 'PEER.1',
      ).uri,
    );
    expect((await t.http().get('/api/frameworks/kindred-peer-support/fr')).status).toBe(404);
    expect((await t.http().get('/api/frameworks/kindred-peer-support/constructor')).status).toBe(
      404,
    );
  });
});
