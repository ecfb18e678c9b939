import type { Module } from '@kindred/courses';
import { loadCatalog } from '../src/courses/course-content.js';
import { AuditService } from '../src/audit/audit.service.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newMember } from './support/people.js';

let t: TestApp;
let orgId: string;
let coordinator: Agent;
beforeAll(async () => {
  t = await createTestApp();
  [{ id: orgId }] = await t.db.query(
    `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
  );
  coordinator = await t.signIn('coordinator@kindred.demo');
});
afterAll(() => t.close());

const post = (who: Agent, path: string, body: object = {}) =>
  who.agent.post(path).set('x-csrf-token', who.csrf).send(body);
const put = (who: Agent, path: string, body: object) =>
  who.agent.put(path).set('x-csrf-token', who.csrf).send(body);

/** A fresh supervisor with a fresh volunteer in their cohort, both signed in. */
async function cohort() {
  const supervisor = await newMember(t, 'supervisor', 'Sup Ledger');
  const volunteer = await newMember(t, 'volunteer', 'Vol Ledger');
  await post(coordinator, '/api/cohorts/assignments', {
    organizationId: orgId,
    supervisorId: supervisor.id,
    volunteerId: volunteer.id,
  }).expect(201);
  return {
    supervisor,
    volunteer,
    sup: await t.signIn(supervisor.email),
    vol: await t.signIn(volunteer.email),
  };
}

const entry = (over: object = {}) => ({
  workedOn: '2026-11-03',
  hours: 3,
  setting: 'Drop-in centre, evening shift',
  category: 'one-to-one',
  ...over,
});
const auditOf = (subject: string) =>
  t.db.query(`SELECT action, actor, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [
    subject,
  ]);

describe('practice hours: logging', () => {
  it('refuses client identifiers with a 400 naming the field and saying why; plain entries pass', async () => {
    const { vol } = await cohort();
    const cases: [object, string, RegExp][] = [
      [{ setting: 'Home visit at 42 Elm Street' }, 'setting', /street address/],
      [
        { reflection: 'Gave my number and took theirs: 555-123-4567' },
        'reflection',
        /phone number/,
      ],
      [{ reflection: 'follow up by mail: someone@example.org' }, 'reflection', /e-mail address/],
      [{ reflection: 'The caller John Smith felt calmer at the end' }, 'reflection', /full name/],
    ];
    for (const [over, field, why] of cases) {
      const res = await post(vol, '/api/practice-hours', entry(over)).expect(400);
      expect(res.body.details).toEqual([{ field, messages: [expect.stringMatching(why)] }]);
      expect(res.body.details[0].messages[0]).toMatch(/Never write client details/);
    }
    const bad = await post(
      vol,
      '/api/practice-hours',
      entry({ category: 'karaoke', hours: 30 }),
    ).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('hours');
    const cat = await post(vol, '/api/practice-hours', entry({ category: 'karaoke' })).expect(400);
    expect(cat.body.details[0].field).toBe('category');
    const ok = await post(
      vol,
      '/api/practice-hours',
      entry({ reflection: 'The caller was upset; shift 18:00-22:00 on 2026-11-03, 2 calls' }),
    ).expect(201);
    expect(ok.body).toMatchObject({
      status: 'submitted',
      hours: 3,
      category: 'one-to-one',
      workedOn: '2026-11-03',
    });
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM practice_hours WHERE volunteer_user_id = $1`,
          [vol.user.id],
        )
      )[0].n,
    ).toBe(1);
  });

  it('only supervisors review, and only the roles that may: a volunteer cannot list the cohort', async () => {
    const { vol } = await cohort();
    await vol.agent.get('/api/supervision/practice-hours').expect(403);
    const sup = await t.signIn('supervisor.ana@kindred.demo');
    await post(sup, '/api/practice-hours', entry()).expect(403);
  });
});

describe('practice hours: review', () => {
  it('the own supervisor verifies or returns; another supervisor sees nothing and cannot verify; only verified hours count', async () => {
    const { vol, sup } = await cohort();
    const outsider = (await cohort()).sup;
    const a = (await post(vol, '/api/practice-hours', entry({ hours: 2.5 })).expect(201)).body;
    const b = (
      await post(
        vol,
        '/api/practice-hours',
        entry({ hours: 4, category: 'group', workedOn: '2026-11-04' }),
      ).expect(201)
    ).body;

    const theirs = await outsider.agent.get('/api/supervision/practice-hours').expect(200);
    expect(theirs.body.entries.map((e: { id: string }) => e.id)).not.toContain(a.id);
    const refused = await post(outsider, `/api/supervision/practice-hours/${a.id}/verify`).expect(
      403,
    );
    expect(refused.body.message).toMatch(/own supervisor/);
    await post(outsider, '/api/supervision/practice-hours/verify-week', { weekOf: '2026-11-03' })
      .expect(200)
      .expect((r) => expect(r.body.verified).toBe(0));
    expect(
      (await t.db.query(`SELECT status FROM practice_hours WHERE id = $1`, [a.id]))[0].status,
    ).toBe('submitted');

    const mine = await sup.agent
      .get('/api/supervision/practice-hours?status=submitted')
      .expect(200);
    expect(mine.body.entries.map((e: { id: string }) => e.id).sort()).toEqual([a.id, b.id].sort());
    expect(mine.body.entries[0]).toMatchObject({
      volunteerName: 'Vol Ledger',
      weekOf: '2026-11-02',
    });

    await post(sup, `/api/supervision/practice-hours/${a.id}/verify`)
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('verified'));
    await post(sup, `/api/supervision/practice-hours/${a.id}/verify`).expect(409);
    await post(sup, `/api/supervision/practice-hours/${b.id}/return`, { note: '' }).expect(400);
    const returned = await post(sup, `/api/supervision/practice-hours/${b.id}/return`, {
      note: 'This was co-facilitation, not a group you ran: change the category',
    }).expect(200);
    expect(returned.body).toMatchObject({
      status: 'returned',
      reviewNote: expect.stringMatching(/change the category/),
    });

    const me = await vol.agent.get('/api/practice-hours').expect(200);
    expect(me.body.verifiedHours).toBe(2.5);
    // A trainee's hours count toward the certified stage of the loaded pathway: 72 h, 30 one-to-one, 10 group.
    expect(me.body.target).toMatchObject({
      source: 'peer-supporter',
      toward: 'Certified peer supporter',
      requiredHours: 72,
    });
    expect(
      me.body.totals.find((c: { category: string }) => c.category === 'one-to-one').required,
    ).toBe(30);
    expect(
      me.body.totals.find((c: { category: string }) => c.category === 'one-to-one'),
    ).toMatchObject({ hours: 2.5, pendingHours: 0 });
    expect(me.body.totals.find((c: { category: string }) => c.category === 'group')).toMatchObject({
      hours: 0,
      pendingHours: 0,
    });
    expect(me.body.entries.find((e: { id: string }) => e.id === b.id)).toMatchObject({
      status: 'returned',
      reviewNote: expect.any(String),
      reviewedByName: 'Sup Ledger',
    });

    // The volunteer changes and resubmits the returned entry; a verified one is locked.
    await put(vol, `/api/practice-hours/${a.id}`, entry({ hours: 9 })).expect(409);
    const again = await put(
      vol,
      `/api/practice-hours/${b.id}`,
      entry({ hours: 4, category: 'co-facilitation', workedOn: '2026-11-04' }),
    ).expect(200);
    expect(again.body).toMatchObject({
      status: 'submitted',
      category: 'co-facilitation',
      reviewNote: null,
    });
    await put(outsider, `/api/practice-hours/${b.id}`, entry()).expect(403);

    expect(await auditOf(`practice_hours:${a.id}`)).toEqual([
      {
        action: 'practice_hours.verified',
        actor: `user:${sup.user.id}`,
        details: expect.objectContaining({ volunteerId: vol.user.id, hours: 2.5 }),
      },
    ]);
    expect(
      (await auditOf(`practice_hours:${b.id}`)).map((r: { action: string }) => r.action),
    ).toEqual(['practice_hours.returned']);
    expect((await t.app.get(AuditService).verifyChain()).intact).toBe(true);
  });

  it('bulk-verifies one week of the cohort (Monday to Sunday) after a confirmed count, auditing each entry', async () => {
    const { vol, sup } = await cohort();
    const other = await cohort();
    const ids = [];
    for (const day of ['2026-11-09', '2026-11-12', '2026-11-15'])
      ids.push(
        (await post(vol, '/api/practice-hours', entry({ workedOn: day, hours: 2 })).expect(201))
          .body.id,
      );
    const nextWeek = (
      await post(vol, '/api/practice-hours', entry({ workedOn: '2026-11-16' })).expect(201)
    ).body.id;
    const otherCohort = (
      await post(other.vol, '/api/practice-hours', entry({ workedOn: '2026-11-10' })).expect(201)
    ).body.id;

    const weeks = await sup.agent.get('/api/supervision/practice-hours').expect(200);
    expect(weeks.body.weeks).toEqual([
      { weekOf: '2026-11-16', submitted: 1, hours: 3 },
      { weekOf: '2026-11-09', submitted: 3, hours: 6 },
    ]);
    await post(sup, '/api/supervision/practice-hours/verify-week', {
      weekOf: '2026-11-11',
      expectedCount: 2,
    }).expect(409);
    await post(sup, '/api/supervision/practice-hours/verify-week', { weekOf: 'next week' }).expect(
      400,
    );
    const done = await post(sup, '/api/supervision/practice-hours/verify-week', {
      weekOf: '2026-11-11',
      expectedCount: 3,
    }).expect(200);
    expect(done.body).toEqual({ weekOf: '2026-11-09', verified: 3, hours: 6 });

    const statuses = await t.db.query(`SELECT id, status FROM practice_hours WHERE id = ANY($1)`, [
      [...ids, nextWeek, otherCohort],
    ]);
    const status = Object.fromEntries(
      statuses.map((r: { id: string; status: string }) => [r.id, r.status]),
    );
    expect(ids.map((id) => status[id])).toEqual(['verified', 'verified', 'verified']);
    expect(status[nextWeek]).toBe('submitted');
    expect(status[otherCohort]).toBe('submitted');
    for (const id of ids)
      expect((await auditOf(`practice_hours:${id}`))[0]).toMatchObject({
        action: 'practice_hours.verified',
        details: { bulkWeekOf: '2026-11-09' },
      });
    expect((await vol.agent.get('/api/practice-hours').expect(200)).body.verifiedHours).toBe(6);
  });
});

describe('practice hours: CSV', () => {
  it('gives the volunteer their log and the supervisor their cohort, without reflections or return notes', async () => {
    const { sup, vol } = await cohort();
    const verified = (
      await post(
        vol,
        '/api/practice-hours',
        entry({ reflection: 'Felt steadier than last week' }),
      ).expect(201)
    ).body;
    const returned = (
      await post(
        vol,
        '/api/practice-hours',
        entry({
          workedOn: '2026-11-05',
          hours: 1.5,
          setting: 'Phone line, "late" shift',
          category: 'group',
        }),
      ).expect(201)
    ).body;
    await post(sup, `/api/supervision/practice-hours/${verified.id}/verify`).expect(200);
    await post(sup, `/api/supervision/practice-hours/${returned.id}/return`, {
      note: 'Please split the two shifts',
    }).expect(200);

    const mine = await vol.agent.get('/api/practice-hours/export.csv').expect(200);
    expect(mine.headers['content-type']).toMatch(/^text\/csv/);
    expect(mine.headers['content-disposition']).toMatch(
      /attachment; filename="practice-hours.csv"/,
    );
    const lines = mine.text.split('\r\n');
    expect(lines[0]).toBe('date,hours,category,setting,status,reviewed_by,reviewed_on');
    expect(lines.slice(1, -1)).toEqual([
      expect.stringMatching(
        /^2026-11-05,1\.5,[^,]+,"Phone line, ""late"" shift",returned,Sup Ledger,\d{4}-\d{2}-\d{2}$/,
      ),
      expect.stringMatching(
        /^2026-11-03,3,[^,]+,"Drop-in centre, evening shift",verified,Sup Ledger,\d{4}-\d{2}-\d{2}$/,
      ),
    ]);
    expect(mine.text).not.toMatch(/steadier|split the two/);
    // Issue 16: in the reader's language, headers, categories and statuses (values as recorded)
    const es = await vol.agent
      .get('/api/practice-hours/export.csv')
      .set('accept-language', 'es-US')
      .expect(200);
    const esLines = es.text.split('\r\n');
    expect(esLines[0]).toBe('fecha,horas,categoría,lugar,estado,revisado_por,revisado_el');
    expect(esLines[1]).toMatch(
      /^2026-11-05,1\.5,Apoyo grupal,"Phone line, ""late"" shift",devuelto,/,
    );
    expect(esLines[2]).toMatch(/,verificado,Sup Ledger,/);

    const cohortCsv = await sup.agent.get('/api/supervision/practice-hours/export.csv').expect(200);
    expect(cohortCsv.text.split('\r\n')[0]).toBe(
      'volunteer,date,hours,category,setting,status,reviewed_by,reviewed_on',
    );
    expect(cohortCsv.text.match(/^Vol Ledger,/gm)).toHaveLength(2);
    expect(cohortCsv.text).not.toMatch(/steadier|split the two/);

    // Another supervisor's export has none of this volunteer's entries.
    const other = await t.signIn('supervisor.ben@kindred.demo');
    expect(
      (await other.agent.get('/api/supervision/practice-hours/export.csv').expect(200)).text,
    ).not.toContain('Vol Ledger');
    await vol.agent.get('/api/supervision/practice-hours/export.csv').expect(403);
  });
});

describe('continuing education', () => {
  const catalog = loadCatalog();
  const course = catalog.courses.find((c) => c.slug === 'peer-roles')!;
  const first = course.modules[0];
  const answers = (m: Module) => Object.fromEntries(m.quiz.map((q) => [q.id, q.answer]));

  it('a passed module writes one approved Kindred CE row, even when passed twice', async () => {
    const { vol } = await cohort();
    await post(vol, `/api/modules/${first.id}/attempts`, { answers: answers(first) }).expect(200);
    await post(vol, `/api/modules/${first.id}/attempts`, { answers: answers(first) }).expect(200);
    const rows = await t.db.query(
      `SELECT source, status, category, hours::float8 AS hours, course_slug, module_slug FROM ce_entries WHERE user_id = $1`,
      [vol.user.id],
    );
    expect(rows).toEqual([
      {
        source: 'kindred',
        status: 'approved',
        category: course.category,
        hours: Math.round((first.minutes / 60) * 100) / 100,
        course_slug: 'peer-roles',
        module_slug: first.id,
      },
    ]);
    const me = await vol.agent.get('/api/ce').expect(200);
    expect(me.body.entries).toHaveLength(1);
    expect(
      me.body.totals.find((c: { category: string }) => c.category === course.category).hours,
    ).toBe(rows[0].hours);
    // The quotas come from the loaded pathway (certificates/pathways/peer-supporter.yaml): 36 h, 24/3/9.
    expect(me.body).toMatchObject({
      requiredHours: 36,
      quotaSource: 'peer-supporter',
      deadline: null,
    });
    expect(
      Object.fromEntries(
        me.body.totals.map((c: { category: string; required: number }) => [c.category, c.required]),
      ),
    ).toEqual({ 'peer-specific': 24, ethics: 3, elective: 9 });
  });

  it('external training with a link or a checked file waits for a coordinator; approval counts and is audited', async () => {
    const { vol } = await cohort();
    const base = {
      title: 'Ethics for peer specialists',
      provider: 'State peer network',
      category: 'ethics',
      hours: 3,
      completedOn: '2026-10-02',
    };
    const none = await post(vol, '/api/ce', base).expect(400);
    expect(none.body.details[0].field).toBe('evidenceUrl');
    const exe = await post(vol, '/api/ce', {
      ...base,
      evidenceFile: { name: 'cert.pdf', data: Buffer.from('MZ not a pdf').toString('base64') },
    }).expect(400);
    expect(exe.body.details[0]).toMatchObject({
      field: 'evidenceFile.data',
      messages: [expect.stringMatching(/PDF, PNG or JPEG/)],
    });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(600 * 1024, 32)]);
    const tooBig = await post(vol, '/api/ce', {
      ...base,
      evidenceFile: { name: 'cert.pdf', data: big.toString('base64') },
    }).expect(400);
    expect(tooBig.body.details[0].field).toBe('evidenceFile.data');
    await post(vol, '/api/ce', {
      ...base,
      category: 'cooking',
      evidenceUrl: 'https://example.org/c',
    }).expect(400);

    const pdf = Buffer.from('%PDF-1.4\n% a tiny certificate\n');
    const filed = (
      await post(vol, '/api/ce', {
        ...base,
        evidenceFile: { name: 'cert.pdf', data: pdf.toString('base64') },
      }).expect(201)
    ).body;
    const linked = (
      await post(vol, '/api/ce', {
        ...base,
        title: 'Motivational interviewing',
        category: 'elective',
        hours: 6,
        evidenceUrl: 'https://training.example.org/cert/42',
      }).expect(201)
    ).body;
    expect(filed).toMatchObject({
      status: 'pending',
      source: 'external',
      evidenceFileName: 'cert.pdf',
    });

    const file = await vol.agent.get(`/api/ce/${filed.id}/evidence`).expect(200);
    expect(file.headers['content-type']).toMatch(/application\/pdf/);
    const stranger = (await cohort()).vol;
    await stranger.agent.get(`/api/ce/${filed.id}/evidence`).expect(404);
    await coordinator.agent.get(`/api/ce/${filed.id}/evidence`).expect(200);

    const before = await vol.agent.get('/api/ce').expect(200);
    expect(
      before.body.totals.find((c: { category: string }) => c.category === 'ethics'),
    ).toMatchObject({ hours: 0, pendingHours: 3 });

    await post(vol, `/api/admin/ce/${filed.id}/approve`).expect(403);
    const queue = await coordinator.agent.get('/api/admin/ce').expect(200);
    expect(queue.body.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([filed.id, linked.id]),
    );
    await post(coordinator, `/api/admin/ce/${linked.id}/reject`, {}).expect(400);
    // the volunteer's browser speaks Spanish: the decisions' mail says it in Spanish (issue 16)
    await t.db.query(`UPDATE users SET browser_locale = 'es' WHERE id = $1`, [vol.user.id]);
    await post(coordinator, `/api/admin/ce/${filed.id}/approve`)
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('approved'));
    await post(coordinator, `/api/admin/ce/${filed.id}/approve`).expect(409);
    await post(coordinator, `/api/admin/ce/${linked.id}/reject`, {
      note: 'The certificate link does not open',
    }).expect(200);

    const after = await vol.agent.get('/api/ce').expect(200);
    expect(
      after.body.totals.find((c: { category: string }) => c.category === 'ethics'),
    ).toMatchObject({ hours: 3, pendingHours: 0 });
    expect(
      after.body.totals.find((c: { category: string }) => c.category === 'elective'),
    ).toMatchObject({ hours: 0, pendingHours: 0 });
    expect(after.body.entries.find((e: { id: string }) => e.id === linked.id)).toMatchObject({
      status: 'rejected',
      reviewNote: 'The certificate link does not open',
    });
    const [coord] = await t.db.query(
      `SELECT id FROM users WHERE email = 'coordinator@kindred.demo'`,
    );
    expect(await auditOf(`ce_entry:${filed.id}`)).toEqual([
      {
        action: 'ce.approved',
        actor: `user:${coord.id}`,
        details: expect.objectContaining({ userId: vol.user.id, hours: 3, category: 'ethics' }),
      },
    ]);
    expect((await auditOf(`ce_entry:${linked.id}`))[0]).toMatchObject({
      action: 'ce.rejected',
      details: { note: 'The certificate link does not open' },
    });
    const mails = await t.db.query<{ kind: string; subject: string; text: string }[]>(
      `SELECT kind, subject, text FROM outbox_messages
        WHERE to_address = (SELECT email FROM users WHERE id = $1) AND kind LIKE 'ce.%' ORDER BY created_at`,
      [vol.user.id],
    );
    expect(mails.map((m) => m.kind)).toEqual(['ce.approved', 'ce.rejected']);
    expect(mails[0].subject).toMatch(/^Formación aprobada: /);
    expect(mails[0].text).toMatch(/\(3 h, Ética\) ya cuenta para tu educación continua\.\n$/);
    expect(mails[1].subject).toMatch(/^Formación no aceptada: /);
    expect(mails[1].text).toContain(
      'no se aceptó como educación continua.\n\nThe certificate link does not open',
    );
    expect(mails.map((m) => m.text).join('')).not.toMatch(/Hello|counts toward|was not accepted/);
  });
});

describe('quotas and deadline from the loaded pathway', () => {
  // A certified volunteer (the peer-supporter pathway's certified stage reached on 2027-09-10) written
  // straight into the tables the engine reads, as in pathways.int-spec.ts.
  const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
  const q = (sql: string, params: unknown[]) => t.db.query(sql, params);

  async function certifiedVolunteer(): Promise<Agent> {
    const v = await newMember(t, 'volunteer', 'Certified Ledger');
    const [{ id: supervisorId }] = await q(
      `SELECT id FROM users WHERE email = 'supervisor.ana@kindred.demo'`,
      [],
    );
    await q(`UPDATE memberships SET created_at = $2 WHERE user_id = $1`, [v.id, at('2027-01-05')]);
    const course = (slug: string, on: string) =>
      q(
        `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
         SELECT $1, m.id, m.current_version_id, 'completed', $3, $3, $3 FROM modules m JOIN courses c ON c.id = m.course_id WHERE c.slug = $2`,
        [v.id, slug, at(on)],
      );
    const drill = (id: string, on: string) =>
      q(
        `INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, status, current_node, score, max_score, pass_score, passed, started_at, updated_at, finished_at)
         VALUES ($1, $2, $3, 'h', 'finished', 'end', 8, 10, 6, true, $4, $4, $4)`,
        [v.id, orgId, id, at(on)],
      );
    const signOff = async (c: string, level: string, on: string) => {
      await q(
        `INSERT INTO signoff_requests (volunteer_id, competency_id, origin, status, created_at, decided_at, decided_by, level) VALUES ($1, $2, 'volunteer', 'signed_off', $4, $4, $5, $3)`,
        [v.id, c, level, at(on), supervisorId],
      );
      await q(
        `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, signed_off_by, signed_off_at, updated_at) VALUES ($1, $2, $3, 'current', $5, $4, $4)
               ON CONFLICT (volunteer_id, competency_id) DO UPDATE SET level = EXCLUDED.level, signed_off_by = EXCLUDED.signed_off_by, signed_off_at = EXCLUDED.signed_off_at`,
        [v.id, c, level, at(on), supervisorId],
      );
    };
    const hours = async (on: string, h: number, category: string, times: number) => {
      for (let i = 0; i < times; i++)
        await q(
          `INSERT INTO practice_hours (organization_id, volunteer_user_id, worked_on, hours, setting, category, status) VALUES ($1, $2, $3, $4, 'drop-in centre', $5, 'verified')`,
          [orgId, v.id, on, h, category],
        );
    };
    await course('peer-roles', '2027-01-20');
    await course('crisis-de-escalation', '2027-01-25');
    await drill('deesc-library-01', '2027-01-28');
    await signOff('PEER.1', 'developing', '2027-01-30');
    await signOff('DEESC.1', 'developing', '2027-02-01');
    await course('trauma-informed-care', '2027-03-01');
    await drill('deesc-bus-stop-01', '2027-03-02');
    for (const c of ['PEER.1', 'PEER.2', 'DEESC.1', 'DEESC.2'])
      await signOff(c, 'proficient', '2027-06-01');
    await hours('2027-03-10', 4, 'one-to-one', 8);
    await hours('2027-04-10', 2, 'group', 5);
    await hours('2027-05-10', 3, 'crisis-line', 10);
    for (const d of [
      '2027-03-01',
      '2027-04-01',
      '2027-05-01',
      '2027-06-01',
      '2027-07-01',
      '2027-09-10',
    ]) {
      await q(
        `INSERT INTO supervision_sessions (supervisor_id, volunteer_id, kind, held_on, wellbeing) VALUES ($1, $2, 'session', $3, 4)`,
        [supervisorId, v.id, d],
      );
    }
    return t.signIn(v.email);
  }

  it('a certified volunteer sees CE quotas against the renewal deadline, counting only the current cycle', async () => {
    const vol = await certifiedVolunteer();
    const shift = at('2028-03-01').getTime() - t.clock.now().getTime();
    t.clock.advance(shift);
    try {
      const ce = (on: string, h: number, category: string) =>
        q(
          `INSERT INTO ce_entries (organization_id, user_id, source, title, provider, category, hours, completed_on, status) VALUES ($1, $2, 'external', 'Workshop', 'County', $3, $4, $5, 'approved')`,
          [orgId, vol.user.id, category, h, on],
        );
      await ce('2027-08-01', 5, 'ethics'); // before the cycle started on 2027-09-10: in the ledger, not toward this renewal
      await ce('2028-01-10', 2, 'ethics');
      const me = (await vol.agent.get('/api/ce').expect(200)).body;
      expect(me).toMatchObject({
        deadline: '2029-09-10',
        quotaSource: 'peer-supporter',
        requiredHours: 36,
      });
      expect(me.target).toMatchObject({
        countedFrom: '2027-09-10',
        deadline: '2029-09-10',
        toward: 'Certified peer supporter',
      });
      // Modules completed before the ledger existed are caught up as Kindred rows (peer-roles counts as ethics).
      const peerRoles = loadCatalog()
        .courses.find((c) => c.slug === 'peer-roles')!
        .modules.map((m) => Math.round((m.minutes / 60) * 100) / 100);
      expect(
        me.entries
          .filter(
            (e: { source: string; courseSlug: string }) =>
              e.source === 'kindred' && e.courseSlug === 'peer-roles',
          )
          .map((e: { hours: number }) => e.hours)
          .sort(),
      ).toEqual(peerRoles.sort());
      const ethics = me.totals.find((c: { category: string }) => c.category === 'ethics');
      expect(ethics).toMatchObject({
        hours: Math.round((7 + peerRoles.reduce((a, b) => a + b, 0)) * 100) / 100,
        required: 3,
        counted: 2,
      });
    } finally {
      t.clock.advance(-shift);
    }
  });
});
