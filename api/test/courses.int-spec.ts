import { loadCatalog } from '../src/courses/course-content.js';
import { ContentService } from '../src/content/content.service.js';
import type { Module } from '@kindred/courses';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newVolunteer } from './support/learners.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const catalog = loadCatalog();
const course = catalog.courses.find((c) => c.slug === 'peer-roles')!;
const first = course.modules[0];

/** The right answer to every question, or a wrong one for the first `wrong` questions. */
function answersFor(m: Module, wrong = 0): Record<string, string> {
  return Object.fromEntries(
    m.quiz.map((q, i) => [
      q.id,
      i < wrong ? q.choices.find((c) => c.id !== q.answer)!.id : q.answer,
    ]),
  );
}

interface Result {
  questionId: string;
  prompt: string;
  chosen: string | null;
  correct: boolean;
  answer: string | null;
  choices: { id: string; text: string; explain: string | null }[];
}

const put = (who: Agent, path: string, body: object) =>
  who.agent.put(path).set('x-csrf-token', who.csrf).send(body);
const post = (who: Agent, path: string, body: object = {}) =>
  who.agent.post(path).set('x-csrf-token', who.csrf).send(body);

describe('catalog and enrollment', () => {
  it('lists every course with minutes, module count and competencies, not enrolled at first', async () => {
    const me = await newVolunteer(t);
    const res = await me.agent.get('/api/courses').expect(200);
    expect(res.body.map((c: { slug: string }) => c.slug)).toEqual(
      catalog.courses.map((c) => c.slug),
    );
    const peer = res.body.find((c: { slug: string }) => c.slug === 'peer-roles');
    expect(peer).toMatchObject({
      moduleCount: course.modules.length,
      minutes: course.modules.reduce((a, m) => a + m.minutes, 0),
      competencies: course.competencies,
      enrolled: false,
      percent: 0,
    });
  });

  it('enrolls once, however often asked, and shows it in the catalog and in my learning', async () => {
    const me = await newVolunteer(t);
    await post(me, '/api/courses/peer-roles/enrollment').expect(200);
    const res = await post(me, '/api/courses/peer-roles/enrollment').expect(200);
    expect(res.body.enrolled).toBe(true);
    expect(res.body.modules.map((m: { id: string }) => m.id)).toEqual(
      course.modules.map((m) => m.id),
    );
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1`,
      [me.user.id],
    );
    expect(n).toBe(1);
    const mine = await me.agent.get('/api/learning').expect(200);
    expect(mine.body).toMatchObject({
      totalModules: course.modules.length,
      completedModules: 0,
      percent: 0,
    });
    expect(mine.body.next).toMatchObject({
      moduleId: first.id,
      courseSlug: 'peer-roles',
      status: 'not_started',
    });
    expect(mine.body.minutesLeft).toBe(course.modules.reduce((a, m) => a + m.minutes, 0));
  });

  it('answers 404 for an unknown course and 403 for other roles', async () => {
    const me = await newVolunteer(t);
    await me.agent.get('/api/courses/no-such-course').expect(404);
    await post(me, '/api/courses/no-such-course/enrollment').expect(404);
    const coordinator = await t.signIn('coordinator@kindred.demo');
    await coordinator.agent.get('/api/courses').expect(403);
    await t.http().get('/api/learning').expect(401);
  });
});

describe('reading and saving my place', () => {
  it('gives the reader its texts, neighbours and saved place, in Spanish where translated', async () => {
    const me = await newVolunteer(t);
    const en = await me.agent.get(`/api/modules/${first.id}`).expect(200);
    expect(en.body).toMatchObject({
      id: first.id,
      lang: 'en',
      title: first.title,
      objectives: first.objectives,
      prev: null,
      status: 'not_started',
      position: null,
    });
    expect(en.body.next.id).toBe(course.modules[1].id);
    const es = await me.agent.get(`/api/modules/${first.id}?lang=es`).expect(200);
    expect(es.body.lang).toBe('es');
    expect(es.body.title).toBe(course.translations.es.modules[first.id].title);
    // A module not translated yet is read in English. Every module has its Spanish now, so the app's
    // loaded content is given one without it for this request (as a newly added English module would be).
    const live = t.app.get(ContentService).catalog.courses.find((c) => c.slug === course.slug)!;
    const second = live.modules[1];
    const spanish = live.translations.es.modules[second.id];
    Reflect.deleteProperty(live.translations.es.modules, second.id);
    try {
      const untranslated = await me.agent.get(`/api/modules/${second.id}?lang=es`).expect(200);
      expect(untranslated.body.lang).toBe('en');
      expect(untranslated.body.title).toBe(second.title);
    } finally {
      live.translations.es.modules[second.id] = spanish;
    }
    await me.agent.get(`/api/modules/${first.id}?lang=fr`).expect(400);
  });

  it('saves the heading reached, keeps it when only the status is sent, and enrolls me', async () => {
    const me = await newVolunteer(t);
    const saved = await put(me, `/api/modules/${first.id}/progress`, {
      position: 'what-peers-do',
    }).expect(200);
    expect(saved.body).toMatchObject({
      moduleId: first.id,
      status: 'started',
      position: 'what-peers-do',
    });
    await put(me, `/api/modules/${first.id}/progress`, { status: 'started' }).expect(200);
    const mod = await me.agent.get(`/api/modules/${first.id}`).expect(200);
    expect(mod.body).toMatchObject({
      status: 'started',
      position: 'what-peers-do',
      enrolled: true,
    });
    const mine = await me.agent.get('/api/learning').expect(200);
    expect(mine.body.next).toMatchObject({ moduleId: first.id, status: 'started' });
  });

  it('refuses bad places and statuses with a 400 naming the field', async () => {
    const me = await newVolunteer(t);
    const bad = await put(me, `/api/modules/${first.id}/progress`, { position: '<script>' }).expect(
      400,
    );
    expect(bad.body.details[0].field).toBe('position');
    const status = await put(me, `/api/modules/${first.id}/progress`, { status: 'done' }).expect(
      400,
    );
    expect(status.body.details[0].field).toBe('status');
    const extra = await put(me, `/api/modules/${first.id}/progress`, { userId: me.user.id }).expect(
      400,
    );
    expect(extra.body.details[0].field).toBe('userId');
  });

  it('does not mark a module done before its check is passed', async () => {
    const me = await newVolunteer(t);
    const res = await put(me, `/api/modules/${first.id}/progress`, { status: 'completed' }).expect(
      409,
    );
    expect(res.body.message).toMatch(/knowledge check/);
  });

  it("keeps each volunteer's place their own", async () => {
    const a = await newVolunteer(t);
    const b = await newVolunteer(t);
    await put(a, `/api/modules/${first.id}/progress`, { position: 'a-place' }).expect(200);
    const seen = await b.agent.get(`/api/modules/${first.id}`).expect(200);
    expect(seen.body).toMatchObject({ status: 'not_started', position: null });
  });
});

describe('one source of truth for progress', () => {
  it('counts a course with completed modules as mine even without an enrollment row, as the pathway does', async () => {
    const me = await newVolunteer(t);
    // progress written as another part of Kindred (or an import) writes it: module_progress only
    await t.db.query(
      `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
       SELECT $1, m.id, m.current_version_id, 'completed', now(), now(), now() FROM modules m WHERE m.id = ANY($2)`,
      [me.user.id, course.modules.map((m) => m.id)],
    );
    const mine = await me.agent.get('/api/learning').expect(200);
    expect(mine.body.courses).toEqual([
      expect.objectContaining({
        slug: 'peer-roles',
        completedModules: course.modules.length,
        percent: 100,
      }),
    ]);
    const catalogRow = (await me.agent.get('/api/courses').expect(200)).body.find(
      (c: { slug: string }) => c.slug === 'peer-roles',
    );
    expect(catalogRow).toMatchObject({ enrolled: true, percent: 100 });
  });
});

describe('knowledge checks', () => {
  it('serves questions without answers or explanations', async () => {
    const me = await newVolunteer(t);
    const res = await me.agent.get(`/api/modules/${first.id}/quiz`).expect(200);
    expect(res.body.questions).toHaveLength(first.quiz.length);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('"answer"');
    expect(text).not.toContain('"explain"');
    expect(text).not.toContain(first.quiz[0].choices[0].explain);
  });

  it('grades a failed attempt without evidence, then a pass writes evidence and completes the module', async () => {
    const me = await newVolunteer(t);
    await put(me, `/api/modules/${first.id}/progress`, { position: 'somewhere' }).expect(200);
    const fail = await post(me, `/api/modules/${first.id}/attempts`, {
      answers: answersFor(first, first.quiz.length),
    }).expect(200);
    expect(fail.body).toMatchObject({
      score: 0,
      total: first.quiz.length,
      passed: false,
      evidenceFor: [],
      moduleStatus: 'started',
    });
    // a fail explains only the answers chosen, and names no best answer it did not get right
    expect(fail.body.explained).toBe(false);
    for (const r of fail.body.results as Result[]) {
      expect(r.answer).toBeNull();
      for (const c of r.choices) expect(c.explain === null).toBe(c.id !== r.chosen);
    }

    const pass = await post(me, `/api/modules/${first.id}/attempts`, {
      answers: answersFor(first, 1),
    }).expect(200);
    expect(pass.body).toMatchObject({
      score: first.quiz.length - 1,
      passed: true,
      explained: true,
      moduleStatus: 'completed',
    });
    // once passed, every choice is explained and every best answer named
    for (const r of pass.body.results as Result[]) {
      expect(r.answer).toBe(first.quiz.find((q) => q.id === r.questionId)!.answer);
      expect(r.choices.every((c) => typeof c.explain === 'string' && c.explain.length > 0)).toBe(
        true,
      );
    }
    const rightCompetencies = new Set(first.quiz.slice(1).flatMap((q) => q.competencies));
    expect(new Set(pass.body.evidenceFor)).toEqual(rightCompetencies);

    const evidence = await t.db.query(
      `SELECT competency_id, source, level, grade, source_ref, actor_id FROM evidence WHERE volunteer_id = $1`,
      [me.user.id],
    );
    expect(evidence).toHaveLength(rightCompetencies.size);
    for (const e of evidence) {
      expect(e).toMatchObject({
        source: 'knowledge_check',
        level: 'developing',
        source_ref: `quiz_attempt:${pass.body.id}`,
        actor_id: me.user.id,
      });
      expect(Number(e.grade)).toBeCloseTo((first.quiz.length - 1) / first.quiz.length, 3);
    }
    const attempts = await t.db.query(
      `SELECT score, passed FROM quiz_attempts WHERE user_id = $1 ORDER BY created_at`,
      [me.user.id],
    );
    expect(attempts.map((a: { passed: boolean }) => a.passed)).toEqual([false, true]);

    // The evidence goes through the competencies service in the same transaction: the ratings move at once.
    const ratings = await t.db.query(
      `SELECT competency_id, level FROM competency_ratings WHERE volunteer_id = $1`,
      [me.user.id],
    );
    expect(new Set(ratings.map((r: { competency_id: string }) => r.competency_id))).toEqual(
      rightCompetencies,
    );
    expect(ratings.every((r: { level: string }) => r.level === 'developing')).toBe(true);

    const mod = await me.agent.get(`/api/modules/${first.id}`).expect(200);
    expect(mod.body).toMatchObject({ status: 'completed', position: 'somewhere' });
    const mine = await me.agent.get('/api/learning').expect(200);
    expect(mine.body).toMatchObject({
      completedModules: 1,
      percent: Math.floor(100 / course.modules.length),
    });
    expect(mine.body.next.moduleId).toBe(course.modules[1].id);

    // a later failed retake never undoes the completion
    await post(me, `/api/modules/${first.id}/attempts`, {
      answers: answersFor(first, first.quiz.length),
    }).expect(200);
    expect((await me.agent.get(`/api/modules/${first.id}`)).body.status).toBe('completed');
  });

  it('explains in Spanish when asked and translated', async () => {
    const me = await newVolunteer(t);
    const res = await post(me, `/api/modules/${first.id}/attempts?lang=es`, {
      answers: answersFor(first),
    }).expect(200);
    const esQuestion = course.translations.es.modules[first.id].quiz[0];
    const shown = (res.body.results as Result[]).find((r) => r.questionId === esQuestion.id)!;
    expect(shown.prompt).toBe(esQuestion.prompt);
    expect(shown.choices.find((c) => c.id === esQuestion.choices[0].id)!.explain).toBe(
      esQuestion.choices[0].explain,
    );
  });

  it('refuses unknown questions, unknown choices and a missing answers object with a 400 naming the field', async () => {
    const me = await newVolunteer(t);
    const q = first.quiz[0];
    const unknownQ = await post(me, `/api/modules/${first.id}/attempts`, {
      answers: { nope: 'a' },
    }).expect(400);
    expect(unknownQ.body.details[0].field).toBe('answers.nope');
    const unknownC = await post(me, `/api/modules/${first.id}/attempts`, {
      answers: { [q.id]: 'zz' },
    }).expect(400);
    expect(unknownC.body.details[0].field).toBe(`answers.${q.id}`);
    const notString = await post(me, `/api/modules/${first.id}/attempts`, {
      answers: { [q.id]: 3 },
    }).expect(400);
    expect(notString.body.details[0].field).toBe(`answers.${q.id}`);
    const missing = await post(me, `/api/modules/${first.id}/attempts`, {}).expect(400);
    expect(missing.body.details[0].field).toBe('answers');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM quiz_attempts WHERE user_id = $1`,
      [me.user.id],
    );
    expect(n).toBe(0);
  });
});

describe('a knowledge check is answered in full, drawn afresh for each attempt, and kept across a reload', () => {
  const quizOf = async (me: Agent) =>
    (await me.agent.get(`/api/modules/${first.id}/quiz`).expect(200)).body as {
      attempt: number;
      answers: Record<string, string>;
      questions: { id: string; prompt: string; choices: { id: string }[] }[];
    };
  const attempts = async (me: Agent) =>
    (
      await t.db.query(`SELECT count(*)::int AS n FROM quiz_attempts WHERE user_id = $1`, [
        me.user.id,
      ])
    )[0].n as number;

  it('refuses a blank or partial submission with a 422 naming each unanswered question, and stores nothing', async () => {
    const me = await newVolunteer(t);
    const quiz = await quizOf(me);
    const blank = await post(me, `/api/modules/${first.id}/attempts`, { answers: {} }).expect(422);
    expect(blank.body.details.map((d: { field: string }) => d.field)).toEqual(
      quiz.questions.map((q) => `answers.${q.id}`),
    );
    expect(blank.body.message).toMatch(/not answered/);
    expect(JSON.stringify(blank.body)).not.toMatch(/"answer"|"explain"/);

    // one left out: named by its number as shown and its prompt
    const [left, ...answered] = quiz.questions;
    const partial = await post(me, `/api/modules/${first.id}/attempts`, {
      answers: Object.fromEntries(
        answered.map((q) => [q.id, first.quiz.find((x) => x.id === q.id)!.answer]),
      ),
    }).expect(422);
    expect(partial.body.details).toEqual([
      { field: `answers.${left.id}`, messages: [`Question 1 is not answered: ${left.prompt}`] },
    ]);
    expect(partial.body.message).toContain('question 1 is not answered');
    expect(await attempts(me)).toBe(0);
    // still the same attempt, the same draw
    const again = await quizOf(me);
    expect(again.attempt).toBe(1);
    expect(again.questions.map((q) => q.id)).toEqual(quiz.questions.map((q) => q.id));
  });

  it('sends no best answer and no explanation of a choice not chosen before a pass', async () => {
    const me = await newVolunteer(t);
    await quizOf(me);
    const wrong = answersFor(first, first.quiz.length);
    const res = await post(me, `/api/modules/${first.id}/attempts`, { answers: wrong }).expect(200);
    expect(res.body.passed).toBe(false);
    const text = JSON.stringify(res.body);
    for (const q of first.quiz) {
      const best = q.choices.find((c) => c.id === q.answer)!;
      expect(text).not.toContain(best.explain);
      expect(text).not.toContain(`"answer":"${q.answer}"`);
      // what was chosen is explained
      expect(text).toContain(q.choices.find((c) => c.id === wrong[q.id])!.explain);
    }
  });

  it('keeps the answers chosen so far across a reload, and refuses unknown ones with a 400', async () => {
    const me = await newVolunteer(t);
    const quiz = await quizOf(me);
    expect(quiz.answers).toEqual({});
    const q = quiz.questions[1];
    const chosen = { [q.id]: q.choices[2].id };
    await put(me, `/api/modules/${first.id}/quiz/answers`, { answers: chosen }).expect(200);
    const reloaded = await quizOf(me);
    expect(reloaded.answers).toEqual(chosen);
    expect(reloaded.questions).toEqual(quiz.questions); // the same draw, choices and all
    const bad = await put(me, `/api/modules/${first.id}/quiz/answers`, {
      answers: { [q.id]: 'zz' },
    }).expect(400);
    expect(bad.body.details[0].field).toBe(`answers.${q.id}`);
    expect((await quizOf(me)).answers).toEqual(chosen);
    // another volunteer's draft is their own
    expect((await quizOf(await newVolunteer(t))).answers).toEqual({});
  });

  it('draws a retake in another order, recorded with each attempt, and grades by question whatever the order', async () => {
    const me = await newVolunteer(t);
    const orders: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const quiz = await quizOf(me);
      expect(quiz.attempt).toBe(i + 1);
      orders.push(quiz.questions.map((q) => q.id));
      // every question and every choice, each once
      expect([...orders[i]].sort()).toEqual(first.quiz.map((q) => q.id).sort());
      for (const shown of quiz.questions)
        expect(shown.choices.map((c) => c.id).sort()).toEqual(
          first.quiz
            .find((x) => x.id === shown.id)!
            .choices.map((c) => c.id)
            .sort(),
        );
      const res = await post(me, `/api/modules/${first.id}/attempts`, {
        answers: answersFor(first, i % 2 === 0 ? first.quiz.length : 0),
      }).expect(200);
      expect(res.body.score).toBe(i % 2 === 0 ? 0 : first.quiz.length);
      // results come back in the order the questions were shown
      expect(res.body.results.map((r: Result) => r.questionId)).toEqual(orders[i]);
      if (i > 0) expect(orders[i]).not.toEqual(orders[i - 1]);
    }
    const stored = await t.db.query(
      `SELECT item_order FROM quiz_attempts WHERE user_id = $1 ORDER BY created_at`,
      [me.user.id],
    );
    expect(
      stored.map((r: { item_order: { id: string }[] }) => r.item_order.map((q) => q.id)),
    ).toEqual(orders);
  });
});

describe('the evidence log', () => {
  it('refuses UPDATE and DELETE: it is append-only', async () => {
    const me = await newVolunteer(t);
    const [row] = await t.db.query(
      `INSERT INTO evidence (volunteer_id, competency_id, source, level, grade) VALUES ($1, 'PEER.1', 'module', 'developing', 0.5) RETURNING id`,
      [me.user.id],
    );
    await expect(
      t.db.query(`UPDATE evidence SET grade = 1 WHERE id = $1`, [row.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM evidence WHERE id = $1`, [row.id])).rejects.toThrow(
      /append-only/,
    );
    const [still] = await t.db.query(`SELECT grade FROM evidence WHERE id = $1`, [row.id]);
    expect(Number(still.grade)).toBe(0.5);
  });
});
