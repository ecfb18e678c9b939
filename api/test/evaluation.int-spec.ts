import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// Issue 20, program evaluation: the funnel (invited → signed in → enrolled → first module → course done
// → drill passed → signed off → pathway complete → certified → renewed) with median days per step and
// where people stop, retention by month of joining, sign-off turnaround (median and p90, as percentile_cont), verified hours per month; every figure drawn from
// fewer than 5 people withheld (KINDRED_SUPPRESS_BELOW's default). The records are seeded here for a new
// program, all at midnight UTC, in the previous month (P) and the current month (C); every expected value
// is worked out by hand in the comments.

const DAY = 86_400_000;
const HOUR = 3_600_000;

let t: TestApp;
let coordinator: Agent;
let coordinatorEmail: string;
let otherCoordinator: Agent;
let prev: string;
let cur: string;

// Ten volunteers invited on P+1 (day 1 of the previous month), each milestone as the day of P it came
// (midnight UTC; null: never): accepted, enrolled, first module finished, the whole course finished, a
// drill passed, pathway complete, certified, renewed. Their sign-offs are below (P+16 plus some hours).
type Days = [
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];
const V: Days[] = [
  [2, 2, 4, 6, 8, 18, 19, 25], // V1
  [2, 3, 6, 8, 9, 20, 21, 26], // V2
  [3, 3, 5, 9, 12, 19, 23, 27], // V3
  [4, 5, 9, 10, 11, 22, 24, 27], // V4
  [6, 6, 7, 11, 14, 24, 26, 27], // V5
  [2, 2, 5, null, 11, null, null, null], // V6: passed a drill without finishing the course
  [3, 4, null, null, null, null, null, null], // V7
  [5, null, null, null, null, null, null, null], // V8
  [7, null, null, null, null, null, null, null], // V9
  [9, null, null, null, null, null, null, null], // V10
];

beforeAll(async () => {
  t = await createTestApp();
  const now = t.clock.now();
  const C = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const P = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  prev = new Date(P).toISOString().slice(0, 7);
  cur = new Date(C).toISOString().slice(0, 7);

  const org = async (name: string) => {
    const slug = uniqueEmail('eval-prog').replace(/[^a-z0-9]+/g, '-');
    const [o] = await t.db.query(
      `INSERT INTO organizations (slug, name, kind) VALUES ($1, $2, 'program') RETURNING id`,
      [slug, name],
    );
    return o.id as string;
  };
  const orgId = await org('Evaluation Line');
  const otherOrg = await org('Evaluation Elsewhere');
  const person = async (role: string, at: Date, inOrg = orgId) => {
    const email = uniqueEmail(`eval-${role}`);
    const [u] = await t.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash)
         SELECT $1, 'Eval Tester', password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role, created_at)
         SELECT u.id, $2, $3, $4 FROM u RETURNING user_id`,
      [email, inOrg, role, at],
    );
    return { id: u.user_id as string, email };
  };
  const invite = (email: string, at: Date, acceptedAt: Date | null) =>
    t.db.query(
      `INSERT INTO invites (email, name, organization_id, role, token_hash, expires_at, created_at, accepted_at)
       VALUES ($1, 'Eval Tester', $2, 'volunteer', md5(random()::text), $3, $3, $4)`,
      [email, orgId, at, acceptedAt],
    );
  // the course with the fewest modules (each with a current version): its first module is "first
  // module", all of them "course done"
  const [course] = await t.db.query(
    `SELECT course_id FROM modules GROUP BY course_id
      HAVING bool_and(current_version_id IS NOT NULL) AND count(*) >= 2 ORDER BY count(*), course_id LIMIT 1`,
  );
  const mods: { id: string; version: string }[] = await t.db.query(
    `SELECT id, current_version_id AS version FROM modules WHERE course_id = $1 ORDER BY position, id`,
    [course.course_id],
  );
  const mod = mods[0];
  const done = (userId: string, m: { id: string; version: string }, at: Date) =>
    t.db.query(
      `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, completed_at)
       VALUES ($1, $2, $3, 'completed', $4, $4)`,
      [userId, m.id, m.version, at],
    );
  // the certificates below are only rows to count (never verified): a retired placeholder key of this
  // program's, so it signs nothing
  const [key] = await t.db.query(
    `INSERT INTO signing_keys (organization_id, did, public_key, sealed_private, retired_at)
     VALUES ($1, 'did:key:z6Mk' || md5(random()::text), '{}', 'none', now()) RETURNING id`,
    [orgId],
  );
  const hours = (userId: string, on: number, h: number, status = 'verified') =>
    t.db.query(
      `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status)
       VALUES ($1, $2, $3::date, $4, 'drop-in centre', 'peer_support', $5)`,
      [orgId, userId, new Date(on).toISOString().slice(0, 10), h, status],
    );
  const signoff = (userId: string, requested: number, afterHours: number | null, n: number) =>
    t.db.query(
      `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at)
       VALUES ($1, $2, 'volunteer', $3, $4, $5)`,
      [
        userId,
        `eval-competency-${n}`,
        afterHours === null ? 'open' : 'signed_off',
        new Date(requested),
        afterHours === null ? null : new Date(requested + afterHours * HOUR),
      ],
    );

  const day = (d: number) => new Date(P + d * DAY);
  const vs: string[] = [];
  const certificate = async (userId: string, on: number) => {
    const [c] = await t.db.query(
      `INSERT INTO credentials (id, organization_id, signing_key_id, holder_user_id, signed, issued_at)
       VALUES (gen_random_uuid(), $1, $2, $3, '{}', $4) RETURNING id`,
      [orgId, key.id, userId, day(on)],
    );
    return c.id as string;
  };
  for (const [accepted, enrolled, module, courseDone, drill, pathway, certified, renewed] of V) {
    const v = await person('volunteer', day(accepted));
    vs.push(v.id);
    await invite(v.email, day(1), day(accepted));
    if (enrolled !== null)
      await t.db.query(
        `INSERT INTO enrollments (user_id, course_id, created_at) VALUES ($1, $2, $3)`,
        [v.id, course.course_id, day(enrolled)],
      );
    if (module !== null) await done(v.id, mod, day(module));
    if (courseDone !== null) for (const m of mods.slice(1)) await done(v.id, m, day(courseDone));
    if (drill !== null)
      await t.db.query(
        `INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, status, current_node,
           score, max_score, pass_score, passed, started_at, updated_at, finished_at)
         VALUES ($1, $2, 'eval-drill', 'h', 'finished', 'end', 3, 3, 2, true, $3, $3, $3)`,
        [v.id, orgId, day(drill)],
      );
    if (pathway !== null)
      await t.db.query(
        `INSERT INTO pathway_states (user_id, pathway_slug, organization_id, stage_id, status, since, missing, computed_at)
         VALUES ($1, 'peer-supporter', $2, 'certified', 'current', $3::date, 0, now())`,
        [v.id, orgId, day(pathway).toISOString().slice(0, 10)],
      );
    if (certified === null) continue;
    const first = await certificate(v.id, certified);
    if (renewed === null) continue;
    const second = await certificate(v.id, renewed);
    await t.db.query(`UPDATE credentials SET superseded_by = $1 WHERE id = $2`, [second, first]);
  }
  // five invited on P+1 who never accepted, two invited on C+0 who have not yet
  for (let i = 0; i < 5; i++) await invite(uniqueEmail('eval-pending'), new Date(P + DAY), null);
  for (let i = 0; i < 2; i++) await invite(uniqueEmail('eval-pending'), new Date(C), null);

  // hours: in P, V1–V6 verified 2, 3, 1.5, 4, 2.5, 1; V7 submitted (not verified) 3; in C, V1 and V2 2 each
  const inP = [2, 3, 1.5, 4, 2.5, 1];
  for (const [i, h] of inP.entries()) await hours(vs[i], P + 20 * DAY, h);
  await hours(vs[6], P + 20 * DAY, 3, 'submitted');
  await hours(vs[0], C, 2);
  await hours(vs[1], C, 2);
  // a knowledge check by V3 in C
  await t.db.query(
    `INSERT INTO quiz_attempts (user_id, module_id, module_version_id, answers, score, total, passed, created_at)
     VALUES ($1, $2, $3, '{}', 1, 1, true, $4)`,
    [vs[2], mod.id, mod.version, new Date(C)],
  );
  // sign-offs requested on P+16 by V1–V5, decided after 2, 4, 6, 10, 30 hours, and V1 again after 50;
  // in C, V1 after 24 and V2 after 12 hours; V3's request still open
  const afterP = [2, 4, 6, 10, 30];
  for (const [i, h] of afterP.entries()) await signoff(vs[i], P + 16 * DAY, h, 1);
  await signoff(vs[0], P + 16 * DAY, 50, 2);
  await signoff(vs[0], C, 24, 3);
  await signoff(vs[1], C, 12, 4);
  await signoff(vs[2], C, null, 5);

  coordinatorEmail = (await person('coordinator', new Date(P))).email;
  coordinator = await t.signIn(coordinatorEmail);
  otherCoordinator = await t.signIn((await person('coordinator', new Date(P), otherOrg)).email);
});
afterAll(() => t.close());

describe('program evaluation', () => {
  it('draws the funnel as worked out by hand, withholding counts of 1 to 4', async () => {
    const { body } = await coordinator.agent.get('/api/evaluation').expect(200);
    expect(body.threshold).toBe(5);
    expect(body.months).toHaveLength(12);
    expect(body.months.slice(-2)).toEqual([prev, cur]);
    // Invited: 10 + 5 + 2 = 17. Signed in: V1–V10 = 10 (10/17 → 0.588); stopped at the invitation
    // 17 − 10 = 7. Signed in after (days) 1,1,2,3,5,1,2,4,6,8 → sorted 1,1,1,2,2,3,4,5,6,8 → median
    // (2 + 3) / 2 = 2.5.
    // Enrolled: V1–V7 = 7 (0.412), days after signing in 0,1,0,1,0,0,1 → 0,0,0,0,1,1,1 → median 0; the 3
    // who stopped at signing in are withheld.
    // First module: V1–V6 = 6 (0.353), days 2,3,2,4,1,3 → 1,2,2,3,3,4 → 2.5; 1 stopped at enrolled.
    // Course done: V1–V5 (V6 passed a drill but never finished the course, so stops at the first module:
    // the funnel is strict) = 5 (0.294), days 2,2,4,1,4 → 1,2,2,4,4 → 2; 1 stopped at the first module.
    // Drill passed: V1–V5, days 2,1,3,1,3 → 1,1,2,3,3 → 2.
    // Signed off: the first signed-off request, P+16 plus 2, 4, 6, 10, 30 hours for V1–V5; days after the
    // drill 8.083, 7.167, 4.25, 5.417, 3.25 → sorted, the middle one 5.417 → 5.4.
    // Pathway complete (dated midnight): 18 − 16.083 = 1.917, 20 − 16.167 = 3.833, 19 − 16.25 = 2.75,
    // 22 − 16.417 = 5.583, 24 − 17.25 = 6.75 → median 3.833 → 3.8.
    // Certified: days 1,1,4,2,2 → 1,1,2,2,4 → 2. Renewed (the certificate that superseded the first):
    // 6,5,4,3,1 → 1,3,4,5,6 → 4. Nobody stopped from the course on (0 is shown).
    const five = { reached: 5, shareOfInvited: 0.294, stoppedHere: 0 };
    expect(body.funnel.all).toEqual([
      { step: 'invited', reached: 17, shareOfInvited: 1, medianDays: null, stoppedHere: 7 },
      { step: 'signed_in', reached: 10, shareOfInvited: 0.588, medianDays: 2.5, stoppedHere: null },
      { step: 'enrolled', reached: 7, shareOfInvited: 0.412, medianDays: 0, stoppedHere: null },
      {
        step: 'first_module',
        reached: 6,
        shareOfInvited: 0.353,
        medianDays: 2.5,
        stoppedHere: null,
      },
      { step: 'course_done', ...five, medianDays: 2 },
      { step: 'drill_passed', ...five, medianDays: 2 },
      { step: 'signed_off', ...five, medianDays: 5.4 },
      { step: 'pathway_complete', ...five, medianDays: 3.8 },
      { step: 'certified', ...five, medianDays: 2 },
      { step: 'renewed', ...five, medianDays: 4, stoppedHere: null },
    ]);
    // per month invited: P has 15 (17 − the two of C), the rest as above; C's 2 are withheld, and
    // nobody of C signed in (0 is shown)
    const p = body.funnel.cohorts.find((c: { month: string }) => c.month === prev);
    expect(p.steps.map((s: { reached: number | null }) => s.reached)).toEqual([
      15, 10, 7, 6, 5, 5, 5, 5, 5, 5,
    ]);
    expect(p.steps[0].stoppedHere).toBe(5);
    const c = body.funnel.cohorts.find((x: { month: string }) => x.month === cur);
    expect(c.steps.map((s: { reached: number | null }) => s.reached)).toEqual([
      null,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
  });

  it('computes retention by month of joining', async () => {
    const { body } = await coordinator.agent.get('/api/evaluation').expect(200);
    // All ten joined (signed in) in P. Active in P: V1–V6 finished a module and passed a drill, V1–V6 verified hours, V7
    // logged hours not yet verified (still activity) → 7 of 10 = 0.7. In C: V1, V2 hours, V3 a knowledge
    // check → 3 of 10 = 0.3.
    const p = body.retention.cohorts.find((x: { month: string }) => x.month === prev);
    expect(p).toEqual({ month: prev, people: 10, active: [0.7, 0.3] });
    // C: nobody joined — 0 people, no share
    const c = body.retention.cohorts.find((x: { month: string }) => x.month === cur);
    expect(c).toEqual({ month: cur, people: 0, active: [null] });
    expect(body.retention.overall.slice(0, 3)).toEqual([
      { monthsAfter: 0, people: 10, share: 0.7 },
      { monthsAfter: 1, people: 10, share: 0.3 },
      { monthsAfter: 2, people: 0, share: null },
    ]);
  });

  it('computes sign-off turnaround median and p90, withholding a month of fewer than 5 volunteers', async () => {
    const { body } = await coordinator.agent.get('/api/evaluation').expect(200);
    const at = (m: string) => body.turnaround.find((x: { month: string }) => x.month === m);
    // P: 2, 4, 6, 10, 30, 50 hours (5 volunteers). Median (6 + 10) / 2 = 8. p90: position 0.9 × 5 = 4.5
    // → 30 + 0.5 × (50 − 30) = 40.
    expect(at(prev)).toEqual({ month: prev, decided: 6, medianHours: 8, p90Hours: 40 });
    // C: 24 and 12 hours by V1 and V2 — 2 volunteers, withheld
    expect(at(cur)).toEqual({ month: cur, decided: null, medianHours: null, p90Hours: null });
    // all: 2,4,6,10,12,24,30,50 (V1–V5). Median (10 + 12) / 2 = 11. p90: 0.9 × 7 = 6.3 → 30 + 0.3 × 20 = 36.
    // V3's open request is not a decision.
    expect(at('all')).toEqual({ month: 'all', decided: 8, medianHours: 11, p90Hours: 36 });
  });

  it('sums verified hours per month, withholding a month of fewer than 5 volunteers', async () => {
    const { body } = await coordinator.agent.get('/api/evaluation').expect(200);
    const at = (m: string) => body.hours.find((x: { month: string }) => x.month === m);
    // P: V1–V6, 2 + 3 + 1.5 + 4 + 2.5 + 1 = 14 (V7's submitted 3 is not verified)
    expect(at(prev)).toEqual({ month: prev, people: 6, entries: 6, hours: 14 });
    expect(at(cur)).toEqual({ month: cur, people: null, entries: null, hours: null });
  });

  it('answers the same figures as CSV, withheld cells reading "fewer than 5"', async () => {
    const funnel = await coordinator.agent.get('/api/evaluation/funnel.csv').expect(200);
    expect(funnel.headers['content-type']).toMatch(/^text\/csv/);
    expect(funnel.headers['content-disposition']).toContain('evaluation-funnel.csv');
    const lines = funnel.text.split('\r\n');
    expect(lines[0]).toBe(
      'cohort,step,reached,share_of_invited,median_days_from_previous,stopped_here',
    );
    expect(lines.slice(1, 11)).toEqual([
      'all,invited,17,1,,7',
      // 3, 1 and 1 stopped at these: fewer than 5, so withheld, and the cell says so
      'all,signed_in,10,0.588,2.5,fewer than 5',
      'all,enrolled,7,0.412,0,fewer than 5',
      'all,first_module,6,0.353,2.5,fewer than 5',
      'all,course_done,5,0.294,2,0',
      'all,drill_passed,5,0.294,2,0',
      'all,signed_off,5,0.294,5.4,0',
      'all,pathway_complete,5,0.294,3.8,0',
      'all,certified,5,0.294,2,0',
      'all,renewed,5,0.294,4,',
    ]);
    const retention = await coordinator.agent.get('/api/evaluation/retention.csv').expect(200);
    expect(retention.text).toContain(`${prev},10,0,0.7\r\n${prev},10,1,0.3\r\n`);
    const turnaround = await coordinator.agent.get('/api/evaluation/turnaround.csv').expect(200);
    expect(turnaround.text).toContain(
      `${prev},6,8,40\r\n${cur},fewer than 5,fewer than 5,fewer than 5\r\nall,8,11,36\r\n`,
    );
    const hours = await coordinator.agent.get('/api/evaluation/hours.csv').expect(200);
    expect(hours.text.split('\r\n')[0]).toBe('month_worked,volunteers,entries,verified_hours');
    expect(hours.text).toContain(
      `${prev},6,6,14\r\n${cur},fewer than 5,fewer than 5,fewer than 5\r\n`,
    );
  });

  it('takes its threshold from KINDRED_SUPPRESS_BELOW', async () => {
    const strict = await createTestApp({ KINDRED_SUPPRESS_BELOW: '11' });
    try {
      const a = await strict.signIn(coordinatorEmail);
      const { body } = await a.agent.get('/api/evaluation').expect(200);
      expect(body.threshold).toBe(11);
      // 17 invited stays; the 10 who signed in and the 7 who stopped are now too few
      expect(body.funnel.all[0]).toMatchObject({ reached: 17, stoppedHere: null });
      expect(body.funnel.all[1]).toMatchObject({ reached: null, medianDays: null });
    } finally {
      await strict.close();
    }
  });

  it('shows a figure from exactly the threshold and withholds one below it, in the CSV too', async () => {
    const atTen = await createTestApp({ KINDRED_SUPPRESS_BELOW: '10' });
    try {
      const a = await atTen.signIn(coordinatorEmail);
      const { body } = await a.agent.get('/api/evaluation').expect(200);
      // 10 signed in: at the threshold, shown with its share and median; 7 enrolled: below, withheld
      expect(body.funnel.all[1]).toMatchObject({
        reached: 10,
        shareOfInvited: 0.588,
        medianDays: 2.5,
      });
      expect(body.funnel.all[2]).toMatchObject({ reached: null, shareOfInvited: null });
      const csv = (await a.agent.get('/api/evaluation/funnel.csv').expect(200)).text.split('\r\n');
      expect(csv.slice(1, 4)).toEqual([
        'all,invited,17,1,,fewer than 10',
        'all,signed_in,10,0.588,2.5,fewer than 10',
        'all,enrolled,fewer than 10,fewer than 10,fewer than 10,fewer than 10',
      ]);
    } finally {
      await atTen.close();
    }
  });

  it("shows a coordinator nothing of another program's people", async () => {
    const { body } = await otherCoordinator.agent.get('/api/evaluation').expect(200);
    expect(body.funnel.all.map((s: { reached: number | null }) => s.reached)).toEqual(
      Array(10).fill(0),
    );
    expect(body.hours.at(-1)).toEqual({ month: cur, people: 0, entries: 0, hours: 0 });
    expect(body.turnaround.at(-1)).toEqual({
      month: 'all',
      decided: 0,
      medianHours: null,
      p90Hours: null,
    });
  });
});
