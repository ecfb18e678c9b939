import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// Issue 20, drill analysis: per node of the drill's current version how the choices split, how many
// attempts left there, the unsafe (flagged) choices most taken, the score distribution, and the pass
// rate per content version; each group only from 10 attempts by 5 people (KINDRED_SUPPRESS_BELOW).
// Every attempt is played through the API; every expected value is worked out by hand below.
//
// deesc-library-01 (pass 18), the nodes and choices used here (index: score, flag → next):
//   start    0: −3 touch → crowded · 1: +2 → scan · 2: −3 provocative → crowded
//   scan     0: +3 → contact · 1: −3 blocking → crowded
//   crowded  0: +1 → contact · 1: −3 provocative → danger
//   contact  0: +3 → wants;  wants 0: +3 → needs;  needs 0: +3 → options;  options 0: +3 → hopeless
//   hopeless 0: +3 → ask · 1: −2 over-escalation → END:overcalled
//   ask      0: +3 → END:connected

const DRILL = 'deesc-library-01';
const STRONG = [1, 0, 0, 0, 0, 0, 0, 0]; // 2+3+3+3+3+3+3+3 = 23, passed
const TOUCH = [0, 0, 0, 0, 0, 0, 0, 0]; // −3+1+3+3+3+3+3+3 = 16, not passed
const OVERCALL = [1, 0, 0, 0, 0, 0, 1]; // 2+3+3+3+3+3−2 = 15, not passed

let t: TestApp;
let coordinatorEmail: string;
let coordinator: Agent;
const v: Agent[] = [];

const post = (a: Agent, path: string, body?: object) =>
  a.agent.post(path).set('x-csrf-token', a.csrf).send(body);
async function play(a: Agent, choices: number[]): Promise<string> {
  const { body } = await post(a, `/api/drills/${DRILL}/attempts`).expect(201);
  const id: string = body.attemptId;
  for (const c of choices)
    await post(a, `/api/drill-attempts/${id}/choices`, { choice: c }).expect(200);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  const slug = uniqueEmail('drills-prog').replace(/[^a-z0-9]+/g, '-');
  const [org] = await t.db.query(
    `INSERT INTO organizations (slug, name, kind) VALUES ($1, 'Drill Analysis Line', 'program') RETURNING id`,
    [slug],
  );
  const person = async (role: string) => {
    const email = uniqueEmail(`drills-${role}`);
    await t.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash)
         SELECT $1, 'Drill Tester', password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role) SELECT u.id, $2, $3 FROM u`,
      [email, org.id, role],
    );
    return email;
  };
  for (let i = 0; i < 10; i++) v.push(await t.signIn(await person('volunteer')));
  coordinatorEmail = await person('coordinator');
  coordinator = await t.signIn(coordinatorEmail);

  // An earlier version: P1–P5 each pass once and fail once (10 finished, 5 passed). The content cannot
  // be edited from a test, so these attempts are then marked with an older content hash and date.
  const old: string[] = [];
  for (const a of v.slice(0, 5)) old.push(await play(a, STRONG), await play(a, TOUCH));
  await t.db.query(
    `UPDATE drill_attempts SET drill_hash = 'drill-analysis-spec-old', started_at = started_at - interval '30 days'
      WHERE id = ANY($1::uuid[])`,
    [old],
  );

  // The current version, one attempt each: P1–P5 strong, P6–P7 touch, P8 over-calls, P9 stops at scan
  for (const a of v.slice(0, 5)) await play(a, STRONG);
  await play(v[5], TOUCH);
  await play(v[6], TOUCH);
  await play(v[7], OVERCALL);
  await play(v[8], [1]);
  // a day and more later P9 has left; P10 is at danger now, still playing
  t.clock.advance(25 * 3_600_000);
  await play(v[9], [0, 1]);
});
afterAll(() => t.close());

const report = async (a: Agent = coordinator) => {
  const { body } = await a.agent.get('/api/drill-analysis').expect(200);
  return {
    body,
    drill: body.drills.find((d: { drillId: string }) => d.drillId === DRILL),
  };
};
interface NodeRow {
  node: string;
  choices: { chosen: number; share: number | null }[];
}
const node = (d: { nodes: NodeRow[] }, id: string) => d.nodes.find((n) => n.node === id);
const chosen = (n: NodeRow | undefined) => n?.choices.map((c) => [c.chosen, c.share]);

describe('drill analysis', () => {
  it('splits the choices per node and counts who left where, as worked out by hand', async () => {
    const { body, drill } = await report();
    expect(body).toMatchObject({ threshold: 5, minAttempts: 10, leftAfterHours: 24 });
    // current version: 10 attempts by 10 people, enough to report
    expect(drill).toMatchObject({ attempts: 10, reported: true, passMark: 18 });

    // start: every attempt chose here. touch: P6, P7, P10 = 3 of 10; the pause: P1–P5, P8, P9 = 7
    expect(node(drill, 'start')).toMatchObject({ reached: 10, left: 0 });
    expect(chosen(node(drill, 'start'))).toEqual([
      [3, 0.3],
      [7, 0.7],
      [0, 0],
    ]);
    // scan: P1–P5 and P8 went on (6 of 6 choices), P9 waits here untouched for 25 h: left 1
    expect(node(drill, 'scan')).toMatchObject({ reached: 7, left: 1 });
    expect(chosen(node(drill, 'scan'))).toEqual([
      [6, 1],
      [0, 0],
    ]);
    // crowded: P6, P7 stepped back (2/3 = 0.667), P10 stood their ground (1/3 = 0.333)
    expect(node(drill, 'crowded')).toMatchObject({ reached: 3, left: 0 });
    expect(chosen(node(drill, 'crowded'))).toEqual([
      [2, 0.667],
      [1, 0.333],
    ]);
    // danger: P10 is there, but moved a moment ago: reached, not left; nobody has chosen yet
    expect(node(drill, 'danger')).toMatchObject({ reached: 1, left: 0 });
    expect(chosen(node(drill, 'danger'))).toEqual([
      [0, null],
      [0, null],
    ]);
    // hopeless: P1–P7 asked (7/8 = 0.875), P8 over-called (1/8 = 0.125)
    expect(node(drill, 'hopeless')).toMatchObject({ reached: 8, left: 0 });
    expect(chosen(node(drill, 'hopeless'))).toEqual([
      [7, 0.875],
      [1, 0.125],
      [0, 0],
    ]);
    expect(node(drill, 'argue')).toMatchObject({ reached: 0, left: 0 });
    // ending nodes have no choices and are not listed
    expect(drill.nodes.some((n: { node: string }) => n.node.startsWith('END:'))).toBe(false);
  });

  it('lists the unsafe choices most taken, and the score distribution of finished attempts', async () => {
    const { drill } = await report();
    // touch at start 3; then, 1 each, in the drill's order: provocative at crowded, over-escalation at hopeless
    expect(
      drill.unsafe.map((u: { node: string; index: number; flag: string; chosen: number }) => [
        u.node,
        u.index,
        u.flag,
        u.chosen,
      ]),
    ).toEqual([
      ['start', 0, 'touch', 3],
      ['crowded', 1, 'provocative', 1],
      ['hopeless', 1, 'over-escalation', 1],
    ]);
    // finished at the current version: P1–P5 23, P6–P7 16, P8 15 (P9, P10 are still open)
    expect(drill.scores).toEqual([
      { score: 15, attempts: 1 },
      { score: 16, attempts: 2 },
      { score: 23, attempts: 5 },
    ]);
  });

  it('gives the pass rate per version, withholding a version of fewer than 10 finished attempts', async () => {
    const { drill } = await report();
    expect(drill.versions).toHaveLength(2);
    // the earlier version: 10 finished by P1–P5, 5 passed → 0.5
    expect(drill.versions[0]).toMatchObject({
      number: 1,
      version: 'drill-analysis-spec-old',
      current: false,
      finished: 10,
      passed: 5,
      passRate: 0.5,
    });
    // the current one: 8 finished (5 passed) is below 10: no figure
    expect(drill.versions[1]).toMatchObject({
      number: 2,
      current: true,
      finished: null,
      passed: null,
      passRate: null,
    });
  });

  it('answers the node table and the outcomes as CSV', async () => {
    const nodes = await coordinator.agent.get('/api/drill-analysis/nodes.csv').expect(200);
    expect(nodes.headers['content-type']).toMatch(/^text\/csv/);
    const lines = nodes.text.split('\r\n');
    expect(lines[0]).toBe(
      'drill_id,node,reached,left_here,choice,choice_text,choice_score,flag,chosen,share_of_choices_here',
    );
    const mine = lines.filter((l) => l.startsWith(`${DRILL},`));
    expect(mine.find((l) => l.startsWith(`${DRILL},start,10,0,0,`))).toMatch(
      // a negative score is quoted with an apostrophe, as every CSV cell that starts with "-" (common/csv.ts)
      /,"'-3",touch,3,0\.3$/,
    );
    expect(mine.find((l) => l.startsWith(`${DRILL},scan,7,1,0,`))).toMatch(/,3,,6,1$/);
    expect(mine.find((l) => l.startsWith(`${DRILL},danger,1,0,0,`))).toMatch(/,0,$/);
    const outcomes = await coordinator.agent.get('/api/drill-analysis/outcomes.csv').expect(200);
    const o = outcomes.text.split('\r\n').filter((l) => l.startsWith(`${DRILL},`));
    expect(o).toEqual([
      `${DRILL},score,,true,15,1,,`,
      `${DRILL},score,,true,16,2,,`,
      `${DRILL},score,,true,23,5,,`,
      `${DRILL},version,1,false,,10,5,0.5`,
      `${DRILL},version,2,true,,fewer than 10 attempts,fewer than 10 attempts,fewer than 10 attempts`,
    ]);
  });

  it('reports nothing of a drill below the threshold, and nothing of another program', async () => {
    const other = await t.signIn('coordinator@kindred.demo');
    const { body } = await other.agent.get('/api/drill-analysis').expect(200);
    for (const d of body.drills as { versions: { version: string }[] }[])
      expect(d.versions.map((x) => x.version)).not.toContain('drill-analysis-spec-old');
    await v[0].agent.get('/api/drill-analysis').expect(403);

    const strict = await createTestApp({ KINDRED_SUPPRESS_BELOW: '11' });
    try {
      const { drill, body } = await report(await strict.signIn(coordinatorEmail));
      expect(body).toMatchObject({ threshold: 11, minAttempts: 11 });
      // 10 people are fewer than 11: not even the number of attempts
      expect(drill).toMatchObject({
        attempts: null,
        reported: false,
        nodes: null,
        unsafe: null,
        scores: null,
      });
      expect(
        drill.versions.map((x: { finished: number | null; passRate: number | null }) => [
          x.finished,
          x.passRate,
        ]),
      ).toEqual([
        [null, null],
        [null, null],
      ]);
      const csv = await (
        await strict.signIn(coordinatorEmail)
      ).agent
        .get('/api/drill-analysis/nodes.csv')
        .expect(200);
      expect(csv.text).toContain(
        `${DRILL},,fewer than 11 attempts,fewer than 11 attempts,,,,,fewer than 11 attempts,fewer than 11 attempts`,
      );
    } finally {
      await strict.close();
    }
  });
});
