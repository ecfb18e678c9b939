import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';

// Issue 20, feedback from volunteers: one tap after a module or a drill, kept without the person; the
// program's coordinators read counts per answer and content version, the comments without names, and a
// flag when "upsetting" or "too hard" rose after an edit.

const DRILL = 'deesc-library-01';
const STRONG = [1, 0, 0, 0, 0, 0, 0, 0];

let t: TestApp;
let orgId: string;
let moduleId: string;
let coordinator: Agent;
const volunteers: Agent[] = [];
const names: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const slug = uniqueEmail('fb-prog').replace(/[^a-z0-9]+/g, '-');
  const [org] = await t.db.query(
    `INSERT INTO organizations (slug, name, kind) VALUES ($1, 'Feedback Test Line', 'program') RETURNING id`,
    [slug],
  );
  orgId = org.id;
  const add = async (role: string, name: string) => {
    const email = uniqueEmail(`fb-${role}`);
    await t.db.query(
      `WITH u AS (INSERT INTO users (email, name, password_hash)
         SELECT $1, $3, password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id)
       INSERT INTO memberships (user_id, organization_id, role) SELECT u.id, $2, $4 FROM u`,
      [email, orgId, name, role],
    );
    return t.signIn(email);
  };
  coordinator = await add('coordinator', 'Feedback Coordinator');
  for (let i = 0; i < 5; i++) {
    names.push(`Feedback Volunteer ${String(i)}`);
    volunteers.push(await add('volunteer', names[i]));
  }
  // the last module of the catalog (content-versions.int-spec edits the first): a version is added below
  const [m] = await t.db.query(
    `SELECT m.id FROM modules m JOIN courses c ON c.id = m.course_id
      ORDER BY c.position DESC, m.position DESC LIMIT 1`,
  );
  moduleId = m.id;
});
afterAll(() => t.close());

const post = (a: Agent, path: string, body: object) =>
  a.agent.post(path).set('x-csrf-token', a.csrf).send(body);
const open = (a: Agent) =>
  a.agent
    .put(`/api/modules/${moduleId}/progress`)
    .set('x-csrf-token', a.csrf)
    .send({ status: 'started' })
    .expect(200);
const subject = async (kind: string, id: string) => {
  const { body } = await coordinator.agent.get('/api/feedback').expect(200);
  return body.subjects.find((s: { kind: string; id: string }) => s.kind === kind && s.id === id);
};

describe('feedback on a module', () => {
  it('is asked for on the version the page shows, and for a module that exists', async () => {
    const [a] = volunteers;
    const before = await a.agent.get(`/api/modules/${moduleId}/feedback`).expect(200);
    expect(before.body).toEqual({ canGive: true, given: false });
    await open(a);
    const after = await a.agent.get(`/api/modules/${moduleId}/feedback`).expect(200);
    expect(after.body).toEqual({ canGive: true, given: false });
    await a.agent.get('/api/modules/no-such-module/feedback').expect(404);
    await post(a, '/api/modules/no-such-module/feedback', { choice: 'clear' }).expect(404);
  });

  it('refuses a bad answer or comment naming the field, and writes nothing', async () => {
    const [a] = volunteers;
    const bad = await post(a, `/api/modules/${moduleId}/feedback`, { choice: 'meh' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['choice']);
    const long = await post(a, `/api/modules/${moduleId}/feedback`, {
      choice: 'clear',
      comment: 'x'.repeat(1001),
    }).expect(400);
    expect(long.body.details.map((d: { field: string }) => d.field)).toEqual(['comment']);
    const extra = await post(a, `/api/modules/${moduleId}/feedback`, {
      choice: 'clear',
      userId: a.user.id,
    }).expect(400);
    expect(extra.body.details[0].field).toBe('userId');
    const rows = await t.db.query(
      `SELECT count(*)::int AS n FROM content_feedback WHERE organization_id = $1`,
      [orgId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('takes one answer per person and version, and the coordinator sees counts and comments without names', async () => {
    // version 1: clear ×4, upsetting ×1 (with a comment)
    const v1 = ['clear', 'clear', 'clear', 'clear', 'upsetting'];
    for (const [i, a] of volunteers.entries()) {
      // one answers before saving any place (the current version), the others after
      if (i > 0) await open(a);
      const body: Record<string, string> = { choice: v1[i] };
      if (i === 4) body.comment = '  The story about the bridge stayed with me.  ';
      const res = await post(a, `/api/modules/${moduleId}/feedback`, body).expect(200);
      expect(res.body).toEqual({ canGive: true, given: true });
    }
    await post(volunteers[0], `/api/modules/${moduleId}/feedback`, { choice: 'too_hard' }).expect(
      409,
    );
    const s = await subject('module', moduleId);
    expect(s.versions).toHaveLength(1);
    expect(s.versions[0]).toMatchObject({
      number: 1,
      total: 5,
      counts: { clear: 4, too_hard: 0, upsetting: 1, not_useful: 0 },
    });
    expect(s.comments).toEqual([
      { version: 1, choice: 'upsetting', comment: 'The story about the bridge stayed with me.' },
    ]);
    expect(s.flags).toEqual([]);

    // nothing in the report, nor in the stored answers, points at a person
    const { text } = await coordinator.agent.get('/api/feedback').expect(200);
    for (const [i, a] of volunteers.entries()) {
      expect(text).not.toContain(a.user.id);
      expect(text).not.toContain(names[i]);
    }
    const columns = await t.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'content_feedback' ORDER BY 1`,
    );
    expect(columns.map((c: { column_name: string }) => c.column_name)).toEqual([
      'choice',
      'comment',
      'content_version',
      'given_month',
      'id',
      'organization_id',
      'subject_id',
      'subject_kind',
    ]);
    const months = await t.db.query(
      `SELECT DISTINCT extract(day FROM given_month)::int AS d FROM content_feedback WHERE organization_id = $1`,
      [orgId],
    );
    expect(months).toEqual([{ d: 1 }]);
  });

  it('flags the module when "upsetting" rose after an edit, and each version is counted apart', async () => {
    // an edit: a newer version of the module, which these volunteers read next
    const [v2] = await t.db.query(
      `INSERT INTO module_versions (module_id, content_hash, quiz, pass_mark, created_at)
         SELECT module_id, $2, quiz, pass_mark, now() + interval '1 minute' FROM module_versions
          WHERE id = (SELECT current_version_id FROM modules WHERE id = $1)
       RETURNING id`,
      [moduleId, `feedback-spec-edit-${String(Date.now())}`],
    );
    await t.db.query(
      `UPDATE module_progress SET module_version_id = $1 WHERE module_id = $2 AND user_id = ANY($3::uuid[])`,
      [v2.id, moduleId, volunteers.map((a) => a.user.id)],
    );
    const state = await volunteers[0].agent.get(`/api/modules/${moduleId}/feedback`).expect(200);
    expect(state.body).toEqual({ canGive: true, given: false });
    // version 2: clear ×2, upsetting ×3 → upsetting 1/5 = 20 % before, 3/5 = 60 % after; too hard 0 → 0
    const answers = ['clear', 'upsetting', 'upsetting', 'clear', 'upsetting'];
    for (const [i, a] of volunteers.entries())
      await post(a, `/api/modules/${moduleId}/feedback`, { choice: answers[i] }).expect(200);
    const s = await subject('module', moduleId);
    expect(s.versions.map((v: { total: number; counts: object }) => [v.total, v.counts])).toEqual([
      [5, { clear: 4, too_hard: 0, upsetting: 1, not_useful: 0 }],
      [5, { clear: 2, too_hard: 0, upsetting: 3, not_useful: 0 }],
    ]);
    expect(s.versions[1].version).toBe(v2.id);
    expect(s.flags).toEqual(['upsetting']);

    // the same table as CSV: a row per version, the flag on the latest, and no comment in it
    const csv = await coordinator.agent.get('/api/feedback.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'kind,id,title,version,current,since,answers,clear,too_hard,upsetting,not_useful,flags_on_latest',
    );
    const mine = lines.filter((l) => l.startsWith(`module,${moduleId},`));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatch(/,1,\w+,\d{4}-\d\d-\d\d,5,4,0,1,0,$/);
    expect(mine[1]).toMatch(/,2,\w+,\d{4}-\d\d-\d\d,5,2,0,3,0,upsetting$/);
    expect(csv.text).not.toContain('bridge');
  });
});

describe('feedback on a drill', () => {
  it('is given after the debrief of one’s own finished attempt', async () => {
    const a = volunteers[0];
    const { body } = await a.agent
      .post(`/api/drills/${DRILL}/attempts`)
      .set('x-csrf-token', a.csrf)
      .expect(201);
    const id: string = body.attemptId;
    const early = await a.agent.get(`/api/drill-attempts/${id}/feedback`).expect(200);
    expect(early.body).toEqual({ canGive: false, given: false });
    await post(a, `/api/drill-attempts/${id}/feedback`, { choice: 'clear' }).expect(409);
    for (const c of STRONG)
      await post(a, `/api/drill-attempts/${id}/choices`, { choice: c }).expect(200);

    // someone else's attempt is not there for them
    await volunteers[1].agent.get(`/api/drill-attempts/${id}/feedback`).expect(404);
    await post(volunteers[1], `/api/drill-attempts/${id}/feedback`, { choice: 'clear' }).expect(
      404,
    );
    // a malformed id is the usual 400 naming the parameter (uuidParam), not Nest's bare message
    const malformed = await a.agent.get('/api/drill-attempts/not-a-uuid/feedback').expect(400);
    expect(malformed.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);

    await post(a, `/api/drill-attempts/${id}/feedback`, {
      choice: 'not_useful',
      comment: 'Our line never gets library calls.',
    }).expect(200);
    await post(a, `/api/drill-attempts/${id}/feedback`, { choice: 'clear' }).expect(409);
    // one answer: fewer than 5 (KINDRED_SUPPRESS_BELOW), so its counts, its total and its comment
    // are withheld; the version is listed, so the coordinator knows there are answers to come
    const s = await subject('drill', DRILL);
    expect(s).toMatchObject({
      title: 'Raised voices at the library desk',
      flags: [],
      comments: [],
    });
    expect(s.versions).toEqual([
      expect.objectContaining({ number: 1, current: true, total: null, counts: null }),
    ]);
    // four more of the program answer on the same version: five, at the threshold, shown with the comment
    for (const v of volunteers.slice(1)) {
      const started = await v.agent
        .post(`/api/drills/${DRILL}/attempts`)
        .set('x-csrf-token', v.csrf)
        .expect(201);
      const attemptId: string = started.body.attemptId;
      for (const c of STRONG)
        await post(v, `/api/drill-attempts/${attemptId}/choices`, { choice: c }).expect(200);
      await post(v, `/api/drill-attempts/${attemptId}/feedback`, { choice: 'clear' }).expect(200);
    }
    const five = await subject('drill', DRILL);
    expect(five.versions).toEqual([
      expect.objectContaining({
        total: 5,
        counts: { clear: 4, too_hard: 0, upsetting: 0, not_useful: 1 },
      }),
    ]);
    expect(five.comments).toEqual([
      { version: 1, choice: 'not_useful', comment: 'Our line never gets library calls.' },
    ]);
  });
});

describe('who reads it', () => {
  it('is the program’s coordinators only: another program’s coordinator sees none of it', async () => {
    const other = await t.signIn('coordinator@kindred.demo');
    const { body } = await other.agent.get('/api/feedback').expect(200);
    const comments = body.subjects.flatMap((s: { comments: { comment: string }[] }) =>
      s.comments.map((c) => c.comment),
    );
    expect(comments).not.toContain('Our line never gets library calls.');
    await volunteers[0].agent.get('/api/feedback').expect(403);
  });
});
