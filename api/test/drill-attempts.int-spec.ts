import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newMember } from './support/people.js';

const DRILL = 'deesc-library-01';
// The strong path through "Raised voices at the library desk" (23 points, pass 18) and one that misses suicide risk.
const STRONG = [1, 0, 0, 0, 0, 0, 0, 0];
const MISSED = [1, 0, 0, 0, 0, 0, 2];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function volunteer(): Promise<Agent> {
  const p = await newMember(t, 'volunteer', 'Drill Player');
  return t.signIn(p.email);
}
const start = (a: Agent, drill = DRILL) =>
  a.agent.post(`/api/drills/${drill}/attempts`).set('x-csrf-token', a.csrf);
const pick = (a: Agent, id: string, choice: unknown) =>
  a.agent.post(`/api/drill-attempts/${id}/choices`).set('x-csrf-token', a.csrf).send({ choice });

async function play(a: Agent, choices: number[]): Promise<string> {
  const { body } = await start(a).expect(201);
  for (const c of choices) await pick(a, body.attemptId, c).expect(200);
  return body.attemptId;
}

describe('branching drill attempts', () => {
  it('lists the drills with setting, minutes, competencies and content note', async () => {
    const a = await volunteer();
    const { body } = await a.agent.get('/api/drills').expect(200);
    expect(body.length).toBeGreaterThanOrEqual(6);
    const d = body.find((x: { id: string }) => x.id === DRILL);
    expect(d).toMatchObject({
      title: 'Raised voices at the library desk',
      minutes: 15,
      attempts: [],
    });
    expect(d.contentNote).toMatch(/suicide/);
    expect(d.competencies).toContain('DEESC.5');
  });

  it('shows a node with the choices’ text only: no score, feedback, flag or target before the choice', async () => {
    const a = await volunteer();
    const { body } = await start(a).expect(201);
    expect(body).toMatchObject({ status: 'open', steps: 0, resumed: false, node: { id: 'start' } });
    expect(body.node.choices).toHaveLength(3);
    for (const c of body.node.choices) expect(Object.keys(c).sort()).toEqual(['index', 'text']);
    const again = await a.agent.get(`/api/drill-attempts/${body.attemptId}`).expect(200);
    expect(JSON.stringify(again.body)).not.toMatch(/"(score|feedback|flag|target|comp)"/);
    expect(JSON.stringify(again.body)).not.toContain('crowded');
  });

  it('gives the feedback for the choice made and the next node, and resumes there after leaving', async () => {
    const a = await volunteer();
    const { body } = await start(a).expect(201);
    const res = await pick(a, body.attemptId, 1).expect(200);
    expect(res.body).toMatchObject({ score: 2, finished: false, next: { id: 'scan' } });
    expect(res.body.feedback).toMatch(/scan the exits/);
    expect(Object.keys(res.body.next.choices[0]).sort()).toEqual(['index', 'text']);

    // Leaving is free: a new sign-in, "start" again, and the same attempt at the same node.
    const later = await t.signIn((await a.agent.get('/api/auth/session')).body.user.email);
    const resumed = await start(later).expect(201);
    expect(resumed.body).toMatchObject({
      attemptId: body.attemptId,
      resumed: true,
      steps: 1,
      node: { id: 'scan' },
    });
  });

  it('refuses a bad index and a choice on a finished attempt with a 400 naming the field', async () => {
    const a = await volunteer();
    const { body } = await start(a).expect(201);
    for (const bad of [7, -1, 'x', 1.5, null]) {
      const res = await pick(a, body.attemptId, bad).expect(400);
      expect(res.body.details[0].field).toBe('choice');
    }
    const id = await play(a, STRONG);
    expect(id).toBe(body.attemptId);
    const done = await pick(a, id, 0).expect(400);
    expect(done.body.details[0].field).toBe('choice');
  });

  it('keeps attempts private and refuses other roles', async () => {
    const a = await volunteer();
    const b = await volunteer();
    const { body } = await start(a).expect(201);
    await b.agent.get(`/api/drill-attempts/${body.attemptId}`).expect(404);
    await pick(b, body.attemptId, 0).expect(404);
    const sup = await t.signIn('supervisor.ana@kindred.demo');
    await sup.agent.get('/api/drills').expect(200);
    await start(sup).expect(403);
    const staff = await t.signIn('staff@riverside-university.demo');
    await staff.agent.get('/api/drills').expect(403);
    await a.agent.get('/api/drills/no-such-drill').expect(404);
  });

  it('finishes with a debrief, writes drill evidence for the drill’s competencies, and allows a retry', async () => {
    const a = await volunteer();
    const id = await play(a, STRONG);
    const { body: d } = await a.agent.get(`/api/drill-attempts/${id}/debrief`).expect(200);
    expect(d).toMatchObject({
      score: 23,
      pass: 18,
      passed: true,
      outcome: 'referred',
      review: false,
    });
    expect(d.path).toHaveLength(8);
    expect(d.path[0]).toMatchObject({ score: 2, competencyId: 'DEESC.1' });
    expect(d.path[0].feedback).toBeTruthy();
    expect(d.strongPath).toMatch(/988/);
    expect(d.reflectionPrompt).toBeTruthy();
    const deesc5 = d.competencies.find(
      (c: { competencyId: string }) => c.competencyId === 'DEESC.5',
    );
    expect(deesc5).toMatchObject({ earned: 6, possible: 6, share: 1 });

    const evidence = await t.db.query(
      `SELECT competency_id, source, level, grade::float8 AS grade, source_ref FROM evidence WHERE source_ref = $1 ORDER BY competency_id`,
      [`drill-attempt:${id}`],
    );
    expect(evidence.map((e: { competency_id: string }) => e.competency_id)).toEqual([
      'DEESC.1',
      'DEESC.2',
      'DEESC.3',
      'DEESC.4',
      'DEESC.5',
      'PEER.3',
    ]);
    for (const e of evidence) expect(e).toMatchObject({ source: 'drill', level: 'developing' });
    const [{ max_score }] = await t.db.query(`SELECT max_score FROM drill_attempts WHERE id = $1`, [
      id,
    ]);
    expect(evidence[0].grade).toBeCloseTo(Math.min(1, 23 / max_score), 3);
    const reviews = await t.db.query(`SELECT 1 FROM drill_reviews WHERE attempt_id = $1`, [id]);
    expect(reviews).toHaveLength(0);

    const saved = await a.agent
      .put(`/api/drill-attempts/${id}/reflection`)
      .set('x-csrf-token', a.csrf)
      .send({ reflection: 'Asking directly was hard.' })
      .expect(200);
    expect(saved.body.reflection).toBe('Asking directly was hard.');
    const tooLong = await a.agent
      .put(`/api/drill-attempts/${id}/reflection`)
      .set('x-csrf-token', a.csrf)
      .send({ reflection: 'x'.repeat(5001) })
      .expect(400);
    expect(tooLong.body.details[0].field).toBe('reflection');

    const retry = await start(a).expect(201);
    expect(retry.body).toMatchObject({ resumed: false, steps: 0, node: { id: 'start' } });
    expect(retry.body.attemptId).not.toBe(id);
    const list = await a.agent.get(`/api/drills/${DRILL}`).expect(200);
    expect(list.body.attempts.map((x: { status: string }) => x.status)).toEqual([
      'open',
      'finished',
    ]);
  });

  it('puts a review ending in the supervisors’ queue with the path, and not in another organization’s', async () => {
    const a = await volunteer();
    const id = await play(a, MISSED);
    const { body: d } = await a.agent.get(`/api/drill-attempts/${id}/debrief`).expect(200);
    expect(d).toMatchObject({ outcome: 'unsafe', review: true, passed: false });
    const evidence = await t.db.query(`SELECT level FROM evidence WHERE source_ref = $1`, [
      `drill-attempt:${id}`,
    ]);
    expect(evidence.every((e: { level: string }) => e.level === 'not-yet')).toBe(true);

    const sup = await t.signIn('supervisor.ana@kindred.demo');
    const { body: queue } = await sup.agent.get('/api/drill-reviews').expect(200);
    const mine = queue.find((r: { attemptId: string }) => r.attemptId === id);
    expect(mine).toMatchObject({
      drillId: DRILL,
      outcome: 'unsafe',
      volunteerName: 'Drill Player',
    });
    expect(mine.flags).toContain('under-escalation');
    expect(mine.path).toHaveLength(7);
    await a.agent.get('/api/drill-reviews').expect(403);
  });

  it("sends a review to the volunteer's own supervisor once they are assigned to one", async () => {
    const a = await volunteer();
    const id = await play(a, MISSED);
    const ana = await t.signIn('supervisor.ana@kindred.demo');
    const ben = await t.signIn('supervisor.ben@kindred.demo');
    const sees = async (s: Agent) =>
      ((await s.agent.get('/api/drill-reviews').expect(200)).body as { attemptId: string }[]).some(
        (r) => r.attemptId === id,
      );
    expect(await sees(ana)).toBe(true); // nobody assigned yet: every supervisor of the organization sees it
    const [org] = await t.db.query(`SELECT organization_id FROM memberships WHERE user_id = $1`, [
      a.user.id,
    ]);
    const [benRow] = await t.db.query(
      `SELECT id FROM users WHERE email = 'supervisor.ben@kindred.demo'`,
    );
    await t.db.query(
      `INSERT INTO supervisor_assignments (organization_id, supervisor_id, volunteer_id) VALUES ($1, $2, $3)`,
      [org.organization_id, benRow.id, a.user.id],
    );
    expect(await sees(ben)).toBe(true);
    expect(await sees(ana)).toBe(false);

    // Only the volunteer's supervisor can close it; then it leaves the queue.
    const [review] = await t.db.query(`SELECT id FROM drill_reviews WHERE attempt_id = $1`, [id]);
    await ana.agent
      .post(`/api/drill-reviews/${review.id}/close`)
      .set('x-csrf-token', ana.csrf)
      .expect(404);
    await a.agent
      .post(`/api/drill-reviews/${review.id}/close`)
      .set('x-csrf-token', a.csrf)
      .expect(403);
    await ben.agent
      .post(`/api/drill-reviews/${review.id}/close`)
      .set('x-csrf-token', ben.csrf)
      .expect(204);
    expect(await sees(ben)).toBe(false);
    await ben.agent
      .post(`/api/drill-reviews/${review.id}/close`)
      .set('x-csrf-token', ben.csrf)
      .expect(404);
    const malformed = await ben.agent
      .post('/api/drill-reviews/not-a-uuid/close')
      .set('x-csrf-token', ben.csrf)
      .expect(400);
    expect(malformed.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
  });

  it('sends a flagged choice to review even when the ending is not a review ending', async () => {
    const a = await volunteer();
    // "Calm down"-style mistake early (flag: dismissive at contact), then recover to the connected ending.
    const id = await play(a, [1, 0, 1, 0, 0, 0, 0, 0, 0]);
    const [row] = await t.db.query(`SELECT status, end_node FROM drill_attempts WHERE id = $1`, [
      id,
    ]);
    expect(row).toEqual({ status: 'finished', end_node: 'END:connected' });
    const reviews = await t.db.query(`SELECT flags FROM drill_reviews WHERE attempt_id = $1`, [id]);
    expect(reviews[0].flags).toEqual(['dismissive']);
  });
});
