// A drill played in Spanish: every text the player shows comes from the Spanish drill, while scoring,
// stored node ids and the review queue are the English drill's, so an attempt counts the same in either
// language and can even switch language half-way.
import { loadCatalog } from '../src/courses/course-content.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newMember } from './support/people.js';

const DRILL = 'peer-threat-ex-01';
// The strong path (15 points, pass 12): listen, Tier 3 call, exact words, leave the warning, debrief.
const STRONG = [0, 0, 0, 0, 0];
// Keeping the threat secret: an unsafe ending with review.
const SECRET = [0, 1];

const catalog = loadCatalog();
const english = catalog.drills.find((d) => d.id === DRILL)!;
const spanish = english.translations.es;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function volunteer(name = 'Jugadora de simulación'): Promise<Agent> {
  const p = await newMember(t, 'volunteer', name);
  return t.signIn(p.email);
}
const q = (lang?: string) => (lang ? `?lang=${lang}` : '');
const start = (a: Agent, lang?: string) =>
  a.agent
    .post(`/api/drills/${DRILL}/attempts${q(lang)}`)
    .set('x-csrf-token', a.csrf)
    .expect(201);
const pick = (a: Agent, id: string, choice: number, lang?: string) =>
  a.agent
    .post(`/api/drill-attempts/${id}/choices${q(lang)}`)
    .set('x-csrf-token', a.csrf)
    .send({ choice })
    .expect(200);

interface Step {
  chosen: string;
  feedback: string;
  score: number;
  finished: boolean;
  next: { id: string; text: string; choices: { index: number; text: string }[] } | null;
}

async function play(a: Agent, choices: number[], lang?: string) {
  const { body } = await start(a, lang);
  const steps: Step[] = [];
  for (const c of choices) steps.push((await pick(a, body.attemptId, c, lang)).body as Step);
  return { id: body.attemptId as string, first: body, steps };
}

const stored = async (id: string) =>
  (
    await t.db.query(
      `SELECT drill_id, drill_hash, current_node, end_node, path, score, max_score, pass_score, outcome, passed
         FROM drill_attempts WHERE id = $1`,
      [id],
    )
  )[0];

describe('a drill in Spanish', () => {
  it('the real content has the Spanish drill used here, with the same graph', () => {
    expect(spanish.title).toBe('Una amenaza contra una expareja');
    expect(Object.keys(spanish.nodes)).toEqual(Object.keys(english.nodes));
  });

  it('lists drills in the language asked for, each falling back to English without a translation', async () => {
    const a = await volunteer();
    const { body: es } = await a.agent.get('/api/drills?lang=es').expect(200);
    const threat = es.find((d: { id: string }) => d.id === DRILL);
    expect(threat).toMatchObject({
      lang: 'es',
      title: 'Una amenaza contra una expareja',
      setting: spanish.setting,
      contentNote: spanish.contentNote,
      minutes: english.minutes,
      competencies: english.competencies,
      decisions: english.decisionCount,
      translationBehind: null,
    });
    expect(threat.contentNote).toMatch(/arma de fuego/);
    for (const d of catalog.drills) {
      const listed = es.find((x: { id: string }) => x.id === d.id);
      const t = d.translations.es;
      expect([listed.lang, listed.title]).toEqual(t ? ['es', t.title] : ['en', d.title]);
    }
    const { body: en } = await a.agent.get(`/api/drills/${DRILL}?lang=en`).expect(200);
    expect(en).toMatchObject({ lang: 'en', title: english.title, setting: english.setting });
    // without ?lang the person's language decides (here the browser's: no saved choice)
    const { body: browser } = await a.agent
      .get(`/api/drills/${DRILL}`)
      .set('accept-language', 'es-US,es;q=0.9')
      .expect(200);
    expect(browser).toMatchObject({ lang: 'es', title: spanish.title });
    const bad = await a.agent.get('/api/drills?lang=fr').expect(400);
    expect(bad.body.details[0].field).toBe('lang');
  });

  it('plays to the debrief in Spanish and scores and stores exactly what the English play does', async () => {
    const [esPlayer, enPlayer] = [await volunteer(), await volunteer('Drill Player')];
    const es = await play(esPlayer, STRONG, 'es');
    const en = await play(enPlayer, STRONG, 'en');

    expect(es.first).toMatchObject({
      lang: 'es',
      drillTitle: spanish.title,
      node: { id: 'start' },
    });
    expect(es.first.node.text).toBe(spanish.nodes.start.text);
    expect(es.first.node.text).toMatch(/centro comunitario/);
    expect(es.first.node.choices.map((c: { text: string }) => c.text)).toEqual(
      spanish.nodes.start.choices.map((c) => c.text),
    );
    // the same scores, the same nodes and the same ending; the texts in each language
    expect(es.steps.map((s) => [s.score, s.finished, s.next?.id])).toEqual(
      en.steps.map((s) => [s.score, s.finished, s.next?.id]),
    );
    expect(es.steps[0].feedback).toBe(spanish.nodes.start.choices[0].feedback);
    expect(en.steps[0].feedback).toBe(english.nodes.start.choices[0].feedback);
    expect(es.steps[0].next!.text).toBe(spanish.nodes.threat.text);
    expect(es.steps[0].next!.text).not.toBe(english.nodes.threat.text);

    // stored alike: node ids, the path with its scores (and the English snapshot), score and outcome
    const [a, b] = [await stored(es.id), await stored(en.id)];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ end_node: 'END:protected', outcome: 'escalated', passed: true });
    expect(a.score).toBe(15);

    const { body: debrief } = await esPlayer.agent
      .get(`/api/drill-attempts/${es.id}/debrief?lang=es`)
      .expect(200);
    expect(debrief).toMatchObject({
      lang: 'es',
      drillTitle: spanish.title,
      score: 15,
      maxScore: english.maxScore,
      pass: english.pass,
      passed: true,
      outcome: 'escalated',
      ending: spanish.nodes['END:protected'].text,
      strongPath: spanish.strongPath,
      reflectionPrompt: spanish.reflection,
      review: false,
    });
    expect(debrief.path.map((p: { situation: string }) => p.situation)).toEqual(
      ['start', 'threat', 'after911', 'warn', 'debrief'].map((n) => spanish.nodes[n].text),
    );
    expect(debrief.path[1].chosen).toBe(spanish.nodes.threat.choices[0].text);
    expect(debrief.path[1].feedback).toBe(spanish.nodes.threat.choices[0].feedback);
    // competency names from the Spanish framework; the numbers are the English play's
    const names = catalog.framework.translations.es.competencies;
    for (const c of debrief.competencies) expect(c.name).toBe(names[c.competencyId].name);
    const { body: enDebrief } = await enPlayer.agent
      .get(`/api/drill-attempts/${en.id}/debrief?lang=en`)
      .expect(200);
    const numbers = (d: { competencies: Record<string, unknown>[] }) =>
      d.competencies.map(({ name: _, ...rest }) => rest);
    expect(numbers(debrief)).toEqual(numbers(enDebrief));
    expect(enDebrief.ending).toBe(english.nodes['END:protected'].text);
  });

  it('an attempt started in English goes on in Spanish, and its debrief reads in either', async () => {
    const a = await volunteer();
    const { body } = await start(a, 'en');
    expect(body.node.text).toBe(english.nodes.start.text);
    const first = (await pick(a, body.attemptId, 0, 'en')).body as Step;
    expect(first.next!.text).toBe(english.nodes.threat.text);
    // the same attempt, now asked for in Spanish: the node where it was left, in Spanish
    const now = await a.agent.get(`/api/drill-attempts/${body.attemptId}?lang=es`).expect(200);
    expect(now.body).toMatchObject({ lang: 'es', steps: 1, node: { id: 'threat' } });
    expect(now.body.node.text).toBe(spanish.nodes.threat.text);
    const resumed = await start(a, 'es');
    expect(resumed.body).toMatchObject({ attemptId: body.attemptId, resumed: true, lang: 'es' });
    for (const c of STRONG.slice(1)) await pick(a, body.attemptId, c, 'es');
    const row = await stored(body.attemptId);
    expect(row).toMatchObject({ score: 15, passed: true, end_node: 'END:protected' });

    const es = await a.agent.get(`/api/drill-attempts/${body.attemptId}/debrief?lang=es`);
    // the step made in English reads in Spanish too: the English choice is the one it recorded
    expect(es.body.path[0].chosen).toBe(spanish.nodes.start.choices[0].text);
    expect(es.body.path[4].chosen).toBe(spanish.nodes.debrief.choices[0].text);
    const en = await a.agent.get(`/api/drill-attempts/${body.attemptId}/debrief?lang=en`);
    expect(en.body.path[4].chosen).toBe(english.nodes.debrief.choices[0].text);
    expect(en.body.score).toBe(es.body.score);

    // the reflection is saved the same way, and the debrief comes back in the language asked for
    const saved = await a.agent
      .put(`/api/drill-attempts/${body.attemptId}/reflection?lang=es`)
      .set('x-csrf-token', a.csrf)
      .send({ reflection: 'Me costó alejarme.' })
      .expect(200);
    expect(saved.body).toMatchObject({
      reflection: 'Me costó alejarme.',
      reflectionPrompt: spanish.reflection,
    });
  });

  it('a flagged attempt made in Spanish reaches the review queue like an English one, shown in Spanish', async () => {
    const a = await volunteer('Jugadora revisada');
    const { id, steps } = await play(a, SECRET, 'es');
    expect(steps[1]).toMatchObject({ finished: true, next: null, score: -4 });
    expect(await stored(id)).toMatchObject({ end_node: 'END:secret', outcome: 'unsafe' });
    const sup = await t.signIn('supervisor.ana@kindred.demo');
    const { body: queue } = await sup.agent.get('/api/drill-reviews?lang=es').expect(200);
    const mine = queue.find((r: { attemptId: string }) => r.attemptId === id);
    expect(mine).toMatchObject({
      drillId: DRILL,
      drillTitle: spanish.title,
      outcome: 'unsafe',
      flags: ['under-escalation'],
      score: -1,
    });
    expect(mine.path[1].chosen).toBe(spanish.nodes.threat.choices[1].text);
    const { body: enQueue } = await sup.agent.get('/api/drill-reviews?lang=en').expect(200);
    const same = enQueue.find((r: { attemptId: string }) => r.attemptId === id);
    expect(same).toMatchObject({ drillTitle: english.title, flags: mine.flags, score: mine.score });
  });

  it("a group session shows its drill's title in the viewer's language", async () => {
    const player = await newMember(t, 'volunteer', 'Participante');
    // a coordinator of its own, with no saved language (other test files save the demo coordinator's):
    // the browser's language decides
    const coordinator = await t.signIn((await newMember(t, 'coordinator', 'Coordinación')).email);
    const orgId = coordinator.user.memberships.find(
      (m) => m.role === 'coordinator',
    )!.organizationId;
    const { body: session } = await coordinator.agent
      .post('/api/drill-sessions')
      .set('x-csrf-token', coordinator.csrf)
      .send({
        organizationId: orgId,
        drillId: DRILL,
        kind: 'tabletop',
        title: 'Práctica en grupo',
        startsAt: new Date(t.clock.now().getTime() + 48 * 3_600_000).toISOString(),
        minutes: 60,
        place: 'Sala 2',
        injects: [{ minute: 5, text: 'Devon vuelve a la sala.' }],
        participants: [{ userId: player.id, role: 'responder' }],
      })
      .expect(201);
    const show = (lang: string) =>
      coordinator.agent
        .get(`/api/drill-sessions/${session.id}`)
        .set('accept-language', lang)
        .expect(200);
    expect((await show('es')).body.drillTitle).toBe(spanish.title);
    expect((await show('en')).body.drillTitle).toBe(english.title);
  });
});
