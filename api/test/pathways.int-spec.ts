import { AuditService } from '../src/audit/audit.service.js';
import { PathwaySweepJob, PATHWAY_SWEEP_LOCK } from '../src/pathways/pathway-sweep.job.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { issueProgram } from './support/certificates.js';
import { newMember } from './support/people.js';

// The requirement engine through the API on a real PostgreSQL: facts go into the tables the engine reads
// (course progress, drill attempts, sign-offs, supervision sessions, the ledger's verified hours and
// approved CE), the TestClock is set to exact days, and the answers come from GET /api/me/pathway,
// the coordinator's overview and CSV, the nightly sweep and the public verification.

let t: TestApp;
let orgId: string;
let supervisorId: string;
let coordinator: Agent;

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
/** Moves the TestClock to noon (UTC) of a day. */
const setDay = (iso: string) => t.clock.advance(at(iso).getTime() - t.clock.now().getTime());

async function volunteer(joined: string): Promise<{ id: string; email: string; agent: Agent }> {
  const v = await newMember(t, 'volunteer', 'Pathway Volunteer');
  await t.db.query(`UPDATE memberships SET created_at = $2 WHERE user_id = $1`, [v.id, at(joined)]);
  return { ...v, agent: await t.signIn(v.email) };
}

async function course(userId: string, slug: string, on: string) {
  await t.db.query(
    `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
     SELECT $1, m.id, m.current_version_id, 'completed', $3, $3, $3 FROM modules m JOIN courses c ON c.id = m.course_id WHERE c.slug = $2`,
    [userId, slug, at(on)],
  );
}
async function drill(userId: string, drillId: string, on: string, passed = true) {
  await t.db.query(
    `INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, status, current_node, score, max_score, pass_score, passed, started_at, updated_at, finished_at)
     VALUES ($1, $2, $3, 'h', 'finished', 'end', 8, 10, 6, $5, $4, $4, $4)`,
    [userId, orgId, drillId, at(on), passed],
  );
}
async function signOff(userId: string, competencyId: string, level: string, on: string) {
  await t.db.query(
    `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at, decided_by, level) VALUES ($1, $2, 'volunteer', 'signed_off', $4, $4, $5, $3)`,
    [userId, competencyId, level, at(on), supervisorId],
  );
  await t.db.query(
    `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, signed_off_by, signed_off_at, updated_at) VALUES ($1, $2, $3, 'current', $5, $4, $4)
     ON CONFLICT (volunteer_id, competency_id) DO UPDATE SET level = EXCLUDED.level, signed_off_by = EXCLUDED.signed_off_by, signed_off_at = EXCLUDED.signed_off_at, updated_at = EXCLUDED.updated_at`,
    [userId, competencyId, level, at(on), supervisorId],
  );
}
async function hours(
  userId: string,
  on: string,
  h: number,
  category: string,
  status: 'verified' | 'submitted' | 'returned' = 'verified',
  times = 1,
) {
  for (let i = 0; i < times; i++) {
    await t.db.query(
      `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status) VALUES ($1, $2, $3, $4, 'drop-in centre', $5, $6)`,
      [orgId, userId, on, h, category, status],
    );
  }
}
async function sessions(userId: string, days: string[]) {
  for (const d of days)
    await t.db.query(
      `INSERT INTO supervision_sessions (supervisor_id, volunteer_id, kind, held_on, wellbeing) VALUES ($1, $2, 'session', $3, 4)`,
      [supervisorId, userId, d],
    );
}
async function ce(
  userId: string,
  on: string,
  h: number,
  category: string,
  status: 'approved' | 'pending' = 'approved',
) {
  await t.db.query(
    `INSERT INTO ce_entries (organization_id, user_id, source, title, provider, category, hours, completed_on, status) VALUES ($1, $2, 'external', 'Workshop', 'County', $3, $4, $5, $6)`,
    [orgId, userId, category, h, on, status],
  );
}

/** Provisional on 2027-02-01 (joined 2027-01-05). */
async function provisional(userId: string) {
  await course(userId, 'peer-roles', '2027-01-20');
  await course(userId, 'crisis-de-escalation', '2027-01-25');
  await drill(userId, 'deesc-library-01', '2027-01-28');
  await signOff(userId, 'PEER.1', 'developing', '2027-01-30');
  await signOff(userId, 'DEESC.1', 'developing', '2027-02-01');
}
/** Everything for certified except the sixth supervision session (certified when it comes). */
async function almostCertified(userId: string) {
  await provisional(userId);
  await course(userId, 'trauma-informed-care', '2027-03-01');
  await drill(userId, 'deesc-bus-stop-01', '2027-03-02');
  for (const c of ['PEER.1', 'PEER.2', 'DEESC.1', 'DEESC.2'])
    await signOff(userId, c, 'proficient', '2027-06-01');
  await hours(userId, '2027-03-10', 4, 'one-to-one', 'verified', 8);
  await hours(userId, '2027-04-10', 2, 'group', 'verified', 5);
  await hours(userId, '2027-05-10', 3, 'crisis-line', 'verified', 10);
  await sessions(userId, ['2027-03-01', '2027-04-01', '2027-05-01', '2027-06-01', '2027-07-01']);
}

const mine = async (a: Agent) => {
  const res = await a.agent.get('/api/me/pathway');
  expect(res.status).toBe(200);
  return res.body[0];
};
const item = (
  list: { kind: string; ref: string | null }[],
  kind: string,
  ref: string | null = null,
) => list.find((i) => i.kind === kind && i.ref === ref);
const audit = (userId: string) =>
  t.db.query(
    `SELECT action, details FROM audit_log WHERE subject = $1 AND action LIKE 'pathway.%' ORDER BY seq`,
    [`user:${userId}`],
  );

beforeAll(async () => {
  t = await createTestApp();
  [{ id: orgId }] = await t.db.query(
    `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
  );
  [{ id: supervisorId }] = await t.db.query(
    `SELECT id FROM users WHERE email = 'supervisor.ana@kindred.demo'`,
  );
  coordinator = await t.signIn('coordinator@kindred.demo');
});
afterAll(() => t.close());

describe('stages from courses, drills and signed-off competencies', () => {
  it('a new volunteer is a trainee with the checklist for provisional; provisional on the exact day of the last sign-off', async () => {
    const v = await volunteer('2027-01-05');
    setDay('2027-01-06');
    const first = await mine(v.agent);
    expect(first).toMatchObject({
      pathway: { slug: 'peer-supporter' },
      stage: { id: 'trainee' },
      status: 'trainee',
      next: { stageId: 'provisional', missing: 5 },
    });

    await provisional(v.id);
    await signOff(v.id, 'DEESC.1', 'not-yet', '2027-01-29'); // a lower level does not count…
    setDay('2027-01-31');
    const before = await mine(v.agent);
    expect(item(before.next.items, 'competency', 'DEESC.1')).toMatchObject({
      met: false,
      level: 'developing',
      label: expect.stringMatching(/^DEESC\.1 /),
    });
    expect(item(before.next.items, 'course', 'peer-roles')).toMatchObject({
      met: true,
      have: 1,
      need: 1,
      label: expect.any(String),
    });
    await signOff(v.id, 'DEESC.1', 'developing', '2027-02-01'); // …the sign-off at the level does
    setDay('2027-02-01');
    const after = await mine(v.agent);
    expect(after).toMatchObject({
      stage: { id: 'provisional' },
      status: 'provisional',
      since: '2027-02-01',
      next: { stageId: 'certified', deadline: '2028-02-01', countedFrom: '2027-02-01' },
    });
    expect(await audit(v.id)).toEqual([
      {
        action: 'pathway.stage_changed',
        details: {
          pathway: 'peer-supporter',
          from: 'trainee',
          to: 'provisional',
          since: '2027-02-01',
        },
      },
    ]);
  });

  it('counts a drill only when passed', async () => {
    const v = await volunteer('2027-01-05');
    await drill(v.id, 'deesc-library-01', '2027-01-10', false);
    setDay('2027-01-11');
    expect(item((await mine(v.agent)).next.items, 'drill', 'deesc-library-01')).toMatchObject({
      met: false,
      have: 0,
    });
    await drill(v.id, 'deesc-library-01', '2027-01-11');
    expect(item((await mine(v.agent)).next.items, 'drill', 'deesc-library-01')).toMatchObject({
      met: true,
      have: 1,
    });
  });
});

describe('practice hours, supervision, deadlines, lapse and recovery', () => {
  it('counts only verified hours, in total and per category, from the day the volunteer became provisional', async () => {
    const v = await volunteer('2027-01-05');
    await almostCertified(v.id);
    await hours(v.id, '2027-01-10', 8, 'one-to-one'); // before provisional: does not count
    await hours(v.id, '2027-05-20', 6, 'one-to-one', 'submitted');
    await hours(v.id, '2027-05-21', 6, 'one-to-one', 'returned');
    setDay('2027-07-02');
    const p = await mine(v.agent);
    expect(p.stage.id).toBe('provisional');
    expect(p.next.items.filter((i: { kind: string }) => i.kind === 'practice_hours')).toEqual([
      {
        kind: 'practice_hours',
        ref: null,
        label: null,
        level: null,
        have: 72,
        need: 72,
        met: true,
      },
      {
        kind: 'practice_hours',
        ref: 'one-to-one',
        label: 'One-to-one support',
        level: null,
        have: 32,
        need: 30,
        met: true,
      },
      {
        kind: 'practice_hours',
        ref: 'group',
        label: 'Group support',
        level: null,
        have: 10,
        need: 10,
        met: true,
      },
    ]);
    expect(item(p.next.items, 'supervision_sessions')).toMatchObject({
      have: 5,
      need: 6,
      met: false,
    });
    expect(p.next).toMatchObject({ missing: 1, deadline: '2028-02-01', daysLeft: 214 });
  });

  it('meets the deadline on its last day, lapses the day after (audited by the sweep), and recovers when the last requirement comes late', async () => {
    const v = await volunteer('2027-01-05');
    await almostCertified(v.id);
    const sweep = t.app.get(PathwaySweepJob);
    setDay('2028-02-01');
    expect(await mine(v.agent)).toMatchObject({
      status: 'provisional',
      lapse: null,
      next: { daysLeft: 0 },
    });
    setDay('2028-02-02');
    expect((await sweep.run()).ran).toBe(true);
    const lapsed = await mine(v.agent);
    expect(lapsed).toMatchObject({
      stage: { id: 'provisional' },
      status: 'lapsed',
      lapse: { since: '2028-02-02', reason: 'deadline', wayBack: 'complete_next', until: null },
    });
    expect(lapsed.next.missing).toBe(1);
    const run2 = await sweep.run();
    expect(run2.changes).toBe(0); // idempotent
    expect((await audit(v.id)).map((a: { action: string }) => a.action)).toEqual([
      'pathway.stage_changed',
      'pathway.lapsed',
    ]);

    await sessions(v.id, ['2028-03-15']);
    setDay('2028-03-15');
    await sweep.run();
    const back = await mine(v.agent);
    expect(back).toMatchObject({
      stage: { id: 'certified' },
      status: 'current',
      since: '2028-03-15',
      lapse: null,
    });
    expect(back.events.map((e: { on: string; kind: string }) => `${e.on} ${e.kind}`)).toEqual(
      expect.arrayContaining(['2028-02-02 lapsed', '2028-03-15 recovered', '2028-03-15 reached']),
    );
    expect((await audit(v.id)).at(-1)).toEqual({
      action: 'pathway.stage_changed',
      details: {
        pathway: 'peer-supporter',
        from: 'provisional',
        to: 'certified',
        since: '2028-03-15',
      },
    });
  });
});

describe('renewal windows on the exact days (certified 2027-09-10: valid until 2029-09-10, opens 2029-06-12, closes 2029-10-10)', () => {
  async function certified() {
    const v = await volunteer('2027-01-05');
    await almostCertified(v.id);
    await sessions(v.id, ['2027-09-10', '2028-01-10', '2028-04-10', '2028-08-10', '2029-01-10']);
    await hours(v.id, '2028-05-01', 5, 'group', 'verified', 8);
    return v;
  }

  it('opens, goes into grace and closes on the exact days; CE quotas shown; the full route after it closes', async () => {
    const v = await certified();
    await ce(v.id, '2028-10-01', 30, 'peer-specific');
    await ce(v.id, '2028-10-02', 3, 'ethics', 'pending'); // not approved: does not count
    const days: [string, string, string][] = [
      ['2029-06-11', 'not_open', 'current'],
      ['2029-06-12', 'open', 'current'],
      ['2029-09-09', 'open', 'current'],
      ['2029-09-10', 'grace', 'lapsed'],
      ['2029-10-09', 'grace', 'lapsed'],
      ['2029-10-10', 'closed', 'lapsed'],
    ];
    for (const [day, window, status] of days) {
      setDay(day);
      const p = await mine(v.agent);
      expect([day, p.renewal.window, p.status]).toEqual([day, window, status]);
    }
    const closed = await mine(v.agent);
    expect(closed.lapse).toEqual({
      since: '2029-09-10',
      reason: 'renewal',
      wayBack: 'full_route',
      until: null,
    });
    expect(closed.renewal.fullRoute.countedFrom).toBe('2029-09-10');
    expect(
      closed.renewal.items
        .filter((i: { kind: string }) => i.kind === 'ce_hours')
        .map((i: { ref: string | null; have: number; need: number }) => [i.ref, i.have, i.need]),
    ).toEqual([
      [null, 30, 36],
      ['peer-specific', 30, 24],
      ['ethics', 0, 3],
      ['elective', 0, 9],
    ]);
    setDay('2029-09-20');
    expect((await mine(v.agent)).lapse).toEqual({
      since: '2029-09-10',
      reason: 'renewal',
      wayBack: 'renew_short',
      until: '2029-10-10',
    });
  });

  it('renews by the short route in the window (status renewed, audited once) and reminds as the window opens and before it closes, once each', async () => {
    const v = await certified();
    const sweep = t.app.get(PathwaySweepJob);
    const mails = async () =>
      (
        await t.db.query(
          `SELECT kind FROM outbox_messages WHERE to_address = $1 ORDER BY created_at`,
          [v.email],
        )
      ).map((r: { kind: string }) => r.kind);
    setDay('2029-06-11');
    await sweep.run();
    expect(await mails()).toEqual([]);
    setDay('2029-06-12');
    await sweep.run();
    await sweep.run();
    expect(await mails()).toEqual(['pathway.renewal_open']);
    setDay('2029-09-25'); // closes 2029-10-10: 14 days before is 2029-09-26
    await sweep.run();
    expect(await mails()).toEqual(['pathway.renewal_open']);
    setDay('2029-09-26');
    await sweep.run();
    await sweep.run();
    expect(await mails()).toEqual(['pathway.renewal_open', 'pathway.renewal_closing']);

    await ce(v.id, '2029-09-27', 24, 'peer-specific');
    await ce(v.id, '2029-09-27', 3, 'ethics');
    await ce(v.id, '2029-09-27', 9, 'elective');
    setDay('2029-09-27');
    await sweep.run();
    const p = await mine(v.agent);
    expect(p).toMatchObject({
      status: 'renewed',
      lapse: null,
      renewal: { renewals: 1, validUntil: '2031-09-10', window: 'not_open' },
    });
    const actions = (await audit(v.id)).map((a: { action: string }) => a.action);
    expect(actions.filter((a: string) => a === 'pathway.renewed')).toHaveLength(1);
    expect(actions).toContain('pathway.lapsed'); // in grace from 2029-09-10 until renewed
    expect(await t.app.get(AuditService).verifyChain()).toMatchObject({ intact: true }); // lines appended in bulk still chain
  });

  it('says the renewal reminders in the volunteer’s language (issue 16)', async () => {
    const v = await certified();
    await t.db.query(`UPDATE users SET browser_locale = 'es' WHERE id = $1`, [v.id]);
    const sweep = t.app.get(PathwaySweepJob);
    const mails = async () =>
      await t.db.query<{ subject: string; text: string }[]>(
        `SELECT subject, text FROM outbox_messages WHERE to_address = $1 AND kind LIKE 'pathway.renewal%' ORDER BY created_at`,
        [v.email],
      );
    setDay('2029-06-12');
    await sweep.run();
    setDay('2029-09-26');
    await sweep.run();
    const [opened, closing] = await mails();
    expect(opened.subject).toBe(
      'El periodo de renovación está abierto: Persona de apoyo entre pares certificada',
    );
    expect(opened.text).toMatch(
      /^Hola, Pathway Volunteer:\n\nTu estado de Persona de apoyo entre pares certificada es válido hasta el 10 sept 2029\. La renovación abreviada está abierta desde hoy y hasta el 9 oct 2029\. Faltan \d+ requisitos de tu lista\.\nMira tu itinerario en \/me\/pathway\.\n$/,
    );
    expect(closing.subject).toBe(
      'Renueva a más tardar el 9 oct 2029: Persona de apoyo entre pares certificada',
    );
    expect(closing.text).toContain(
      'se cierra después del 9 oct 2029; luego solo queda la vía completa.',
    );
    expect(`${opened.text}${closing.text}`).not.toMatch(/Hello|Still missing|item\(s\)|See your/);
  });

  it('renewal by the short route issues a new Foundations certificate; the old one is superseded, not revoked', async () => {
    const v = await certified();
    const sweep = t.app.get(PathwaySweepJob);
    setDay('2027-09-10');
    await sweep.run();
    const old = (await issueProgram(coordinator, orgId, v.id, 'foundations').expect(201)).body
      .id as string;
    const current = async () =>
      t.db.query(
        `SELECT id, state, superseded_by FROM credentials WHERE holder_user_id = $1 AND program_slug = 'foundations' ORDER BY issued_at`,
        [v.id],
      );
    setDay('2029-06-12');
    await sweep.run(); // the window opens: nothing is renewed yet
    expect(await current()).toHaveLength(1);
    await ce(v.id, '2029-06-20', 24, 'peer-specific');
    await ce(v.id, '2029-06-20', 3, 'ethics');
    await ce(v.id, '2029-06-20', 9, 'elective');
    setDay('2029-06-21');
    await sweep.run();
    await sweep.run(); // idempotent: one renewal
    const rows = await current();
    expect(rows).toHaveLength(2);
    const [was, now] = rows;
    expect(was.id).toBe(old);
    expect(was).toMatchObject({ state: 'active', superseded_by: now.id });
    expect(now).toMatchObject({ state: 'active', superseded_by: null });
    const verdict = (await t.http().get(`/api/credentials/${now.id}/verification`).expect(200))
      .body;
    expect(verdict.holderStatus).toMatchObject({ status: 'renewed' });
  });

  it('the sweep takes the advisory lock: a second instance does nothing', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [PATHWAY_SWEEP_LOCK]);
    try {
      expect(await t.app.get(PathwaySweepJob).run()).toEqual({
        ran: false,
        volunteers: 0,
        changes: 0,
        reminders: 0,
      });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [PATHWAY_SWEEP_LOCK]);
      await runner.release();
    }
  });
});

describe('coordinators and the public', () => {
  it('the coordinator sees people per stage, who is close to a deadline, hours awaiting verification, and a CSV; volunteers may not', async () => {
    const v = await volunteer('2027-01-05');
    await almostCertified(v.id);
    await hours(v.id, '2027-12-01', 3.5, 'outreach', 'submitted');
    setDay('2027-12-15');
    const res = await coordinator.agent.get('/api/admin/pathways');
    expect(res.status).toBe(200);
    const [o] = res.body;
    expect(o.stages.map((s: { id: string }) => s.id)).toEqual([
      'trainee',
      'provisional',
      'certified',
      'facilitator',
    ]);
    expect(o.stages.reduce((a: number, s: { count: number }) => a + s.count, 0)).toBe(
      o.people.length,
    );
    const me = o.people.find((p: { userId: string }) => p.userId === v.id);
    expect(me).toMatchObject({
      stageId: 'provisional',
      status: 'provisional',
      deadline: '2028-02-01',
      daysLeft: 48,
      missing: 1,
      awaitingHours: 3.5,
    });
    expect(o.closeToDeadline.map((p: { userId: string }) => p.userId)).toContain(v.id);
    expect(o.awaitingVerification.hours).toBeGreaterThanOrEqual(3.5);

    const csv = await coordinator.agent.get('/api/admin/pathways/export.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'pathway,name,email,stage,status,since,next_stage,deadline,days_left,valid_until,renewal_window,missing,hours_awaiting_verification',
    );
    expect(csv.text).toContain(
      `peer-supporter,Pathway Volunteer,${v.email},provisional,provisional,2027-02-01,Certified peer supporter,2028-02-01,48,,,1,3.5`,
    );
    expect((await v.agent.agent.get('/api/admin/pathways')).status).toBe(403);
  });

  it('the public verification tells the holder’s status on the pathway (provisional → current), and nothing else about them', async () => {
    const v = await volunteer('2027-01-05');
    await almostCertified(v.id);
    setDay('2027-08-01');
    const issued = await issueProgram(coordinator, orgId, v.id, 'foundations').expect(201);
    const id = issued.body.id;
    const check = async () =>
      (await t.http().get(`/api/credentials/${id}/verification`).expect(200)).body.holderStatus;
    expect(await check()).toEqual({
      pathway: 'Peer supporter pathway',
      stage: 'Provisional peer supporter',
      status: 'provisional',
      asOf: '2027-08-01',
    });
    await sessions(v.id, ['2027-08-02']);
    setDay('2027-08-02');
    expect(await check()).toEqual({
      pathway: 'Peer supporter pathway',
      stage: 'Certified peer supporter',
      status: 'current',
      asOf: '2027-08-02',
    });
    const doc = (await t.http().get(`/api/credentials/${id}`).expect(200)).body;
    const byDoc = await t
      .http()
      .post('/api/credentials/verify')
      .send({ verifiableCredential: doc })
      .expect(200);
    expect(byDoc.body.holderStatus.status).toBe('current');
    const tampered = await t
      .http()
      .post('/api/credentials/verify')
      .send({ verifiableCredential: { ...doc, name: 'Something else' } });
    expect(tampered.body.holderStatus ?? null).toBeNull();
  });
});
