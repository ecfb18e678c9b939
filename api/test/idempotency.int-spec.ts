import { randomUUID } from 'node:crypto';
import { loadCatalog } from '../src/courses/course-content.js';
import type { Module } from '@kindred/courses';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newVolunteer } from './support/learners.js';

// Issue 19: a phone's offline queue syncs each knowledge check and drill choice with an Idempotency-Key;
// a replay (a lost answer, two tabs syncing at once) must never grade or record twice.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const first = loadCatalog().courses.find((c) => c.slug === 'peer-roles')!.modules[0];
const answersFor = (m: Module): Record<string, string> =>
  Object.fromEntries(m.quiz.map((q) => [q.id, q.answer]));
const DRILL = 'deesc-library-01';
const STRONG = [1, 0, 0, 0, 0, 0, 0, 0];

const submit = (a: Agent, key: string | null, answers: Record<string, string>) => {
  const r = a.agent.post(`/api/modules/${first.id}/attempts`).set('x-csrf-token', a.csrf);
  return (key ? r.set('Idempotency-Key', key) : r).send({ answers });
};
const choose = (a: Agent, attempt: string, key: string, choice: number) =>
  a.agent
    .post(`/api/drill-attempts/${attempt}/choices`)
    .set('x-csrf-token', a.csrf)
    .set('Idempotency-Key', key)
    .send({ choice });

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await t.db.query<{ n: string }[]>(sql, params);
  return Number(row.n);
}
const evidenceOf = (who: Agent, source: string) =>
  count(`SELECT count(*) AS n FROM evidence WHERE volunteer_id = $1 AND source = $2`, [
    who.user.id,
    source,
  ]);
const quizAttemptsOf = (who: Agent) =>
  count(`SELECT count(*) AS n FROM quiz_attempts WHERE user_id = $1`, [who.user.id]);

describe('Idempotency-Key on knowledge checks', () => {
  it('a replay answers the first grading and records no second attempt or evidence, even at once', async () => {
    const me = await newVolunteer(t);
    const key = randomUUID();
    const answers = answersFor(first);
    const one = await submit(me, key, answers).expect(200);
    expect(one.body.passed).toBe(true);
    const evidence = await evidenceOf(me, 'knowledge_check');
    expect(evidence).toBeGreaterThan(0);
    expect(await quizAttemptsOf(me)).toBe(1);

    // the same request again (answers in another key order): the first answer, nothing new
    const reordered = Object.fromEntries(Object.entries(answers).reverse());
    const again = await submit(me, key, reordered).expect(200);
    expect(again.body).toEqual(one.body);
    // three at once with a fresh key: one grading
    const fresh = randomUUID();
    const all = await Promise.all([1, 2, 3].map(() => submit(me, fresh, answers)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(all.map((r) => (r.body as { id: string }).id)).size).toBe(1);
    expect(await quizAttemptsOf(me)).toBe(2);
    expect(await evidenceOf(me, 'knowledge_check')).toBe(evidence * 2);
  });

  it('the same key with other answers is a 422 naming Idempotency-Key (in Spanish too); a bad key is a 400', async () => {
    const me = await newVolunteer(t);
    const key = randomUUID();
    await submit(me, key, answersFor(first)).expect(200);
    const wrong = { ...answersFor(first) };
    const q = first.quiz[0];
    wrong[q.id] = q.choices.find((c) => c.id !== q.answer)!.id;
    const res = await submit(me, key, wrong).expect(422);
    expect(res.body.details[0].field).toBe('Idempotency-Key');
    expect(res.body.message).toMatch(/Idempotency-Key was already used/);
    const es = await submit(me, key, wrong).set('accept-language', 'es').expect(422);
    expect(es.body.message).toMatch(/^Idempotency-Key ya se usó/);
    expect(await quizAttemptsOf(me)).toBe(1);

    const bad = await submit(me, 'not-a-uuid', answersFor(first)).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'Idempotency-Key' });
    expect(await quizAttemptsOf(me)).toBe(1);
  });

  it('a key is one person’s: another volunteer with the same key is graded for themselves', async () => {
    const [a, b] = [await newVolunteer(t), await newVolunteer(t)];
    const key = randomUUID();
    const ra = await submit(a, key, answersFor(first)).expect(200);
    const rb = await submit(b, key, answersFor(first)).expect(200);
    expect(rb.body.id).not.toBe(ra.body.id);
    expect(await quizAttemptsOf(b)).toBe(1);
  });
});

describe('Idempotency-Key on drills', () => {
  it('a queued drill replayed (start and every choice, twice and at once) is played, scored and recorded once', async () => {
    const me = await newVolunteer(t);
    const startKey = randomUUID();
    const keys = STRONG.map(() => randomUUID());
    const startIt = () =>
      me.agent
        .post(`/api/drills/${DRILL}/attempts`)
        .set('x-csrf-token', me.csrf)
        .set('Idempotency-Key', startKey);
    const sync = async () => {
      const { body } = await startIt().expect(201);
      const results = [];
      for (const [i, c] of STRONG.entries())
        results.push((await choose(me, body.attemptId, keys[i], c).expect(200)).body);
      return { attemptId: body.attemptId as string, results };
    };
    const once = await sync();
    expect(once.results.at(-1)).toMatchObject({ finished: true });
    const evidence = await evidenceOf(me, 'drill');
    expect(evidence).toBeGreaterThan(0);

    // the whole queue again, after the attempt has finished: the same attempt and answers
    const twice = await sync();
    expect(twice).toEqual(once);
    // the last choice three times at once
    const racing = await Promise.all(
      [1, 2, 3].map(() => choose(me, once.attemptId, keys.at(-1)!, STRONG.at(-1)!)),
    );
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of racing) expect(r.body).toEqual(once.results.at(-1));

    expect(await evidenceOf(me, 'drill')).toBe(evidence);
    expect(
      await count(`SELECT count(*) AS n FROM drill_attempts WHERE volunteer_id = $1`, [me.user.id]),
    ).toBe(1);
    const [attempt] = await t.db.query<{ steps: number; score: number }[]>(
      `SELECT jsonb_array_length(path) AS steps, score FROM drill_attempts WHERE id = $1`,
      [once.attemptId],
    );
    expect(attempt.steps).toBe(STRONG.length);
    const debrief = await me.agent.get(`/api/drill-attempts/${once.attemptId}/debrief`).expect(200);
    expect(debrief.body).toMatchObject({ passed: true, score: attempt.score });
  });

  it('the offline drill carries texts and links only: no score, feedback, flag or outcome', async () => {
    const me = await newVolunteer(t);
    const { body } = await me.agent.get(`/api/drills/${DRILL}/offline`).expect(200);
    expect(body).toMatchObject({ drillId: DRILL, start: 'start' });
    expect(body.nodes.some((n: { end: boolean }) => n.end)).toBe(true);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"(score|feedback|flag|comp|tier|outcome|review)"/);
    expect(text).not.toContain('scan the exits'); // a choice's feedback
  });
});
