import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// Issue 20, before and after: an optional self-rating of confidence (1–5) per competency of a course,
// asked once at its start and once at its end, skippable; the evaluation page shows, per competency, the
// mean at the start and the end of the people who rated both times, beside the share who passed the
// course's knowledge checks and the share signed off; fewer than 5 people (KINDRED_SUPPRESS_BELOW)
// withheld. Ratings go through the API; finishing modules, passing checks and sign-offs are seeded (their
// own specs test those paths). Every expected value is worked out by hand below.

let t: TestApp;
let orgId: string;
let coordinatorEmail: string;
let coordinator: Agent;
const v: Agent[] = [];
let slug: string;
let K1: string;
let K2: string;
let moduleIds: string[];

const path = () => `/api/courses/${slug}/self-rating`;
const rate = (a: Agent, phase: string, ratings: { competencyId: string; rating: unknown }[]) =>
  a.agent.post(path()).set('x-csrf-token', a.csrf).send({ phase, ratings });
const ask = async (a: Agent) => (await a.agent.get(path()).expect(200)).body.ask as string | null;

beforeAll(async () => {
  t = await createTestApp();
  const s = uniqueEmail('sr-prog').replace(/[^a-z0-9]+/g, '-');
  const [org] = await t.db.query(
    `INSERT INTO organizations (slug, name, kind) VALUES ($1, 'Self-rating Line', 'program') RETURNING id`,
    [s],
  );
  orgId = org.id;
  const person = async (role: string) => {
    const email = uniqueEmail(`sr-${role}`);
    await t.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash)
         SELECT $1, 'Self Rater', password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role) SELECT u.id, $2, $3 FROM u`,
      [email, orgId, role],
    );
    return email;
  };
  for (let i = 0; i < 6; i++) v.push(await t.signIn(await person('volunteer')));
  coordinatorEmail = await person('coordinator');
  coordinator = await t.signIn(coordinatorEmail);
  const { body: courses } = await v[0].agent.get('/api/courses').expect(200);
  const course = courses.find((c: { competencies: string[] }) => c.competencies.length >= 2);
  slug = course.slug;
  [K1, K2] = course.competencies;
  const mods = await t.db.query(
    `SELECT m.id FROM modules m JOIN courses c ON c.id = m.course_id WHERE c.slug = $1`,
    [slug],
  );
  moduleIds = mods.map((m: { id: string }) => m.id);
});
afterAll(() => t.close());

const finishCourse = (a: Agent) =>
  t.db.query(
    `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
     SELECT $1, m.id, m.current_version_id, 'completed', now(), now(), now() FROM modules m WHERE m.id = ANY($2)
     ON CONFLICT (user_id, module_id) DO UPDATE SET status = 'completed', completed_at = now()`,
    [a.user.id, moduleIds],
  );

describe('the self-rating prompt', () => {
  it('is asked at the start once enrolled, once; refuses bad input naming the field', async () => {
    const a = v[0];
    expect(await ask(a)).toBeNull();
    await a.agent
      .post(`/api/courses/${slug}/enrollment`)
      .set('x-csrf-token', a.csrf)
      .send({})
      .expect(200);
    const { body } = await a.agent.get(path()).expect(200);
    expect(body.ask).toBe('start');
    expect(body.competencies.map((c: { id: string }) => c.id)).toContain(K1);
    expect(body.competencies[0].name).toEqual(expect.any(String));

    const six = await rate(a, 'start', [{ competencyId: K1, rating: 6 }]).expect(400);
    expect(JSON.stringify(six.body.details)).toContain('rating must be a whole number from 1 to 5');
    const other = await rate(a, 'start', [{ competencyId: 'NOPE.9', rating: 3 }]).expect(400);
    expect(other.body.details).toEqual([
      { field: 'ratings', messages: ['ratings must name competencies of this course'] },
    ]);
    await a.agent
      .post(path())
      .set('x-csrf-token', a.csrf)
      .send({ phase: 'middle', ratings: [] })
      .expect(400);
    // the end is not asked before every module is done
    await rate(a, 'end', [{ competencyId: K1, rating: 3 }]).expect(409);
    // nothing half-done was kept by the refusals
    expect(await ask(a)).toBe('start');

    const given = await rate(a, 'start', [
      { competencyId: K1, rating: 2 },
      { competencyId: K2, rating: 3 },
    ]).expect(200);
    expect(given.body.ask).toBeNull();
    await rate(a, 'start', [{ competencyId: K1, rating: 4 }]).expect(409);
  });

  it('is asked at the end when every module is done, and can be skipped whole', async () => {
    const a = v[5];
    await a.agent
      .post(`/api/courses/${slug}/enrollment`)
      .set('x-csrf-token', a.csrf)
      .send({})
      .expect(200);
    await rate(a, 'start', [{ competencyId: K1, rating: 2 }]).expect(200);
    await finishCourse(a);
    expect(await ask(a)).toBe('end');
    // skipped: asked no more, and no rating kept
    expect((await rate(a, 'end', []).expect(200)).body.ask).toBeNull();
    const kept = await t.db.query(
      `SELECT phase, competency_id, rating FROM self_ratings WHERE user_id = $1 AND phase = 'end'`,
      [a.user.id],
    );
    expect(kept.every((r: { rating: number | null }) => r.rating === null)).toBe(true);
    expect(kept.length).toBeGreaterThanOrEqual(2);
  });
});

describe('before and after on the evaluation page', () => {
  // V0–V4 rate K1 at both ends (V5 above skipped the end): start 2, 1, 3, 2, 4; end 4, 3, 3, 5, 3.
  // K2 is rated at both ends by V0–V3 only: 4 people, withheld.
  const START = [2, 1, 3, 2, 4];
  const END = [4, 3, 3, 5, 3];
  beforeAll(async () => {
    for (const [i, a] of v.slice(0, 5).entries()) {
      if (i > 0) {
        await a.agent
          .post(`/api/courses/${slug}/enrollment`)
          .set('x-csrf-token', a.csrf)
          .send({})
          .expect(200);
        await rate(a, 'start', [
          { competencyId: K1, rating: START[i] },
          { competencyId: K2, rating: 3 },
        ]).expect(200);
      }
      await finishCourse(a);
      await rate(a, 'end', [
        { competencyId: K1, rating: END[i] },
        ...(i < 4 ? [{ competencyId: K2, rating: 4 }] : []),
      ]).expect(200);
    }
    // V0 and V1 were signed off on K1; V0, V1, V2 passed every knowledge check of the course
    for (const a of v.slice(0, 2))
      await t.db.query(
        `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at, decided_by, level)
         VALUES ($1, $2, 'volunteer', 'signed_off', now(), now(), $1, 'proficient')`,
        [a.user.id, K1],
      );
    for (const a of v.slice(0, 3))
      await t.db.query(
        `INSERT INTO quiz_attempts (user_id, module_id, module_version_id, answers, score, total, passed)
         SELECT $1, m.id, m.current_version_id, '{}', 1, 1, true FROM modules m WHERE m.id = ANY($2)`,
        [a.user.id, moduleIds],
      );
  });

  it('shows the means of those who rated both times, beside sign-offs and knowledge checks', async () => {
    const { body } = await coordinator.agent.get('/api/evaluation').expect(200);
    const c = body.learning.find((x: { slug: string }) => x.slug === slug);
    // rated at the start: V0–V5 = 6; at both ends: V0–V4 = 5; V0–V2 passed every check: 3/5
    expect(c).toMatchObject({ ratedAtStart: 6, ratedBoth: 5, passedChecks: 0.6 });
    const k1 = c.competencies.find((x: { competencyId: string }) => x.competencyId === K1);
    // before (2+1+3+2+4)/5 = 2.4; after (4+3+3+5+3)/5 = 3.6; rose: V0, V1, V3 = 3/5; signed off 2/5
    expect(k1).toMatchObject({
      people: 5,
      before: 2.4,
      after: 3.6,
      rose: 0.6,
      signedOff: 0.4,
    });
    // K2: four people at both ends, fewer than 5
    const k2 = c.competencies.find((x: { competencyId: string }) => x.competencyId === K2);
    expect(k2).toMatchObject({ people: null, before: null, after: null, signedOff: null });

    const csv = (await coordinator.agent.get('/api/evaluation/learning.csv').expect(200)).text;
    expect(csv.split('\r\n')[0]).toBe(
      'course,competency,people_rated_start_and_end,mean_before,mean_after,share_rose,share_signed_off,share_passed_course_checks',
    );
    expect(csv).toContain(`${slug},${K1},5,2.4,3.6,0.6,0.4,0.6\r\n`);
    expect(csv).toContain(
      `${slug},${K2},fewer than 5,fewer than 5,fewer than 5,fewer than 5,fewer than 5,0.6\r\n`,
    );
  });

  it('withholds the same at a threshold of 6', async () => {
    const strict = await createTestApp({ KINDRED_SUPPRESS_BELOW: '6' });
    try {
      const a = await strict.signIn(coordinatorEmail);
      const { body } = await a.agent.get('/api/evaluation').expect(200);
      const c = body.learning.find((x: { slug: string }) => x.slug === slug);
      // 6 rated at the start: at the threshold, shown; 5 at both ends: below it
      expect(c).toMatchObject({ ratedAtStart: 6, ratedBoth: null, passedChecks: null });
      expect(c.competencies[0]).toMatchObject({ people: null, before: null });
    } finally {
      await strict.close();
    }
  });
});
