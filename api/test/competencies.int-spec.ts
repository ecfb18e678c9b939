import { AuditService } from '../src/audit/audit.service.js';
import { CompetenciesService } from '../src/competencies/competencies.service.js';
import { ExpiryJob, EXPIRY_LOCK } from '../src/competencies/expiry.job.js';
import { fromCase } from '../src/competencies/case.mapper.js';
import { ContentService } from '../src/content/content.service.js';
import { createTestApp, uniqueEmail, type Agent, type TestApp } from './support/app.js';
import { DAY_MS } from '@kindred/certificates';
import type { Framework } from '@kindred/courses';

let t: TestApp;
let service: CompetenciesService;
let orgId: string;
let coordinator: Agent;

/** A fresh person with the demo password, so each test owns its data in the shared database. */
async function person(role: string, name = role): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(role);
  const [{ password_hash }] = await t.db.query(
    `SELECT password_hash FROM users WHERE email = 'jordan@kindred.demo'`,
  );
  const [u] = await t.db.query(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [email, name, password_hash],
  );
  await t.db.query(`INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, $3)`, [
    u.id,
    orgId,
    role,
  ]);
  return { id: u.id, email };
}

async function cohort() {
  const supervisor = await person('supervisor', 'Sup');
  const volunteer = await person('volunteer', 'Vol');
  const res = await coordinator.agent
    .post('/api/cohorts/assignments')
    .set('x-csrf-token', coordinator.csrf)
    .send({ organizationId: orgId, supervisorId: supervisor.id, volunteerId: volunteer.id });
  expect(res.status).toBe(201);
  return {
    supervisor,
    volunteer,
    sup: await t.signIn(supervisor.email),
    vol: await t.signIn(volunteer.email),
  };
}

const scores = (level: string) =>
  Object.fromEntries(
    t.app
      .get(ContentService)
      .competency('PEER.1')!
      .rubric.map((c) => [c.id, level]),
  );

beforeAll(async () => {
  t = await createTestApp();
  service = t.app.get(CompetenciesService);
  [{ id: orgId }] = await t.db.query(
    `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
  );
  coordinator = await t.signIn('coordinator@kindred.demo');
});
afterAll(() => t.close());

const DOMAIN_NAMES: Record<string, string> = {
  PEER: 'Peer support core',
  DEESC: 'Crisis de-escalation',
  TIC: 'Trauma-informed care',
};

describe('competency framework (public CASE)', () => {
  it('serves CASE 1.1 JSON at a stable URL with cache headers, which imports back into the framework', async () => {
    const res = await t.http().get('/api/frameworks/kindred-peer-support');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/public/);
    expect(
      res.body.CFItems.find((i: { humanCodingScheme: string }) => i.humanCodingScheme === 'PEER.1')
        .uri,
    ).toMatch(/\/api\/frameworks\/kindred-peer-support\/items\/PEER\.1$/);
    // with the package of each language it lists (a CASE package has one language)
    const translated = await Promise.all(
      (res.body['ext:translations'] as { uri: string }[]).map(
        async (l) => (await t.http().get(new URL(l.uri).pathname).expect(200)).body,
      ),
    );
    const texts = (f: Framework): Framework => ({
      ...f,
      translations: Object.fromEntries(
        Object.entries(f.translations).map(([lang, tr]) => {
          const { file: _file, source: _source, behind: _behind, ...rest } = tr;
          return [lang, rest];
        }),
      ) as Framework['translations'],
    });
    expect(texts(fromCase(res.body, translated))).toEqual(
      texts(t.app.get(ContentService).catalog.framework),
    );
    // the competencies of the six modules added in issue 15, each a child of its domain
    const items = res.body.CFItems as { identifier: string; humanCodingScheme: string }[];
    for (const code of ['PEER.5', 'PEER.6', 'DEESC.7', 'DEESC.8', 'DEESC.9', 'TIC.6']) {
      const item = items.find((i) => i.humanCodingScheme === code);
      expect(item).toBeDefined();
      const parent = res.body.CFAssociations.find(
        (a: { associationType: string; originNodeURI: { identifier: string } }) =>
          a.associationType === 'isChildOf' && a.originNodeURI.identifier === item!.identifier,
      );
      expect(parent.destinationNodeURI.title).toBe(DOMAIN_NAMES[code.split('.')[0] ?? '']);
    }
    const item = await t.http().get('/api/frameworks/kindred-peer-support/items/PEER.1');
    expect(item.body.CFItemType).toBe('Competency');
    expect((await t.http().get('/api/frameworks/nope')).status).toBe(404);
    expect((await t.http().get('/api/competencies/PEER.1')).body.rubric.length).toBeGreaterThan(0);
  });
});

describe('ratings and sign-off', () => {
  it('course work reaches developing at most and opens a sign-off request by itself', async () => {
    const { volunteer, vol, sup } = await cohort();
    await service.recordEvidence([
      {
        volunteerId: volunteer.id,
        competencyId: 'PEER.1',
        source: 'knowledge_check',
        grade: 1,
        level: 'exemplary',
      },
    ]);
    const map = await vol.agent.get('/api/me/competencies');
    const peer1 = map.body.find((m: { competencyId: string }) => m.competencyId === 'PEER.1');
    expect(peer1).toMatchObject({
      level: 'developing',
      missing: 'signoff',
      request: { status: 'open', origin: 'auto' },
    });
    const queue = await sup.agent.get('/api/supervision/queue');
    expect(queue.body.map((q: { volunteerId: string }) => q.volunteerId)).toEqual([volunteer.id]);
    expect(queue.body[0].evidence[0]).toMatchObject({ source: 'knowledge_check' });
  });

  it('practice, resubmit, sign-off: one transaction writes the observation, the rating and an audit entry', async () => {
    const { volunteer, vol, sup, supervisor } = await cohort();
    const req = await vol.agent
      .post('/api/me/competencies/PEER.1/signoff-requests')
      .set('x-csrf-token', vol.csrf)
      .send({
        reflection: 'I explained my role to a caller',
        priorLearningNote: 'Peer course at the library',
      });
    expect(req.status).toBe(201);
    expect(
      (
        await vol.agent
          .post('/api/me/competencies/PEER.1/signoff-requests')
          .set('x-csrf-token', vol.csrf)
          .send({})
      ).status,
    ).toBe(409);

    const bad = await sup.agent
      .post(`/api/supervision/requests/${req.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'practice',
        level: 'developing',
        scores: scores('developing'),
        comment: 'Good start',
      });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('practice');
    const badLevel = await sup.agent
      .post(`/api/supervision/requests/${req.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({ decision: 'sign_off', level: 'great', scores: scores('proficient'), comment: 'x' });
    expect(badLevel.body.details[0].field).toBe('level');

    const practice = await sup.agent
      .post(`/api/supervision/requests/${req.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'practice',
        level: 'developing',
        scores: scores('developing'),
        comment: 'Good start',
        practice: 'Referrals',
      });
    expect(practice.body.status).toBe('practice');
    const [mail] = await t.db.query(
      `SELECT subject, text FROM outbox_messages WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`,
      [volunteer.email],
    );
    expect(mail.text).toContain('Referrals');

    const again = await vol.agent
      .post('/api/me/competencies/PEER.1/signoff-requests')
      .set('x-csrf-token', vol.csrf)
      .send({ reflection: 'Practiced referrals' });
    const before = (await t.app.get(AuditService).verifyChain()).entries;
    const signed = await sup.agent
      .post(`/api/supervision/requests/${again.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'sign_off',
        level: 'proficient',
        scores: scores('proficient'),
        comment: 'Clear and kind',
      });
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('signed_off');

    const map = await vol.agent.get('/api/me/competencies');
    const peer1 = map.body.find((m: { competencyId: string }) => m.competencyId === 'PEER.1');
    expect(peer1).toMatchObject({
      level: 'proficient',
      proficient: true,
      missing: null,
      status: 'current',
    });
    const validUntil = new Date(peer1.validUntil).getTime();
    expect(Math.abs(validUntil - (Date.now() + 730 * DAY_MS))).toBeLessThan(3 * DAY_MS);

    const [entry] = await t.db.query(
      `SELECT * FROM audit_log WHERE subject = $1 AND action = 'competency.signed_off'`,
      [`signoff_request:${again.body.id}`],
    );
    expect(entry.actor).toBe(`user:${supervisor.id}`);
    expect(entry.organization_id).toBe(orgId);
    const [practiceEntry] = await t.db.query(
      `SELECT organization_id FROM audit_log WHERE subject = $1 AND action = 'competency.practice_requested'`,
      [`signoff_request:${req.body.id}`],
    );
    expect(practiceEntry.organization_id).toBe(orgId);
    expect(entry.details.rubric).toEqual(scores('proficient'));
    const evidenceIds = (
      await t.db.query(
        `SELECT id FROM evidence WHERE volunteer_id = $1 AND source <> 'observation'`,
        [volunteer.id],
      )
    ).map((r: { id: string }) => r.id);
    expect(entry.details.evidenceIds).toEqual(expect.arrayContaining(evidenceIds));
    const [obs] = await t.db.query(`SELECT * FROM evidence WHERE id = $1`, [
      entry.details.observationId,
    ]);
    expect(obs).toMatchObject({
      source: 'observation',
      level: 'proficient',
      actor_id: supervisor.id,
    });
    const after = await t.app.get(AuditService).verifyChain();
    expect(after).toMatchObject({ intact: true });
    expect(after.entries).toBe(before + 1);
    const twice = await sup.agent
      .post(`/api/supervision/requests/${again.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'sign_off',
        level: 'proficient',
        scores: scores('proficient'),
        comment: 'again',
      });
    expect(twice.status).toBe(409);
  });

  it('a failed audit append rolls back the whole sign-off (no observation, no rating change)', async () => {
    const { volunteer, vol, sup } = await cohort();
    const req = await vol.agent
      .post('/api/me/competencies/PEER.1/signoff-requests')
      .set('x-csrf-token', vol.csrf)
      .send({});
    const audit = t.app.get(AuditService);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back on `audit` below
    const append = audit.append;
    audit.append = async () => {
      throw new Error('disk full');
    };
    const res = await sup.agent
      .post(`/api/supervision/requests/${req.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'sign_off',
        level: 'proficient',
        scores: scores('proficient'),
        comment: 'ok',
      });
    audit.append = append;
    expect(res.status).toBe(500);
    expect(
      await t.db.query(
        `SELECT 1 FROM evidence WHERE volunteer_id = $1 AND source = 'observation'`,
        [volunteer.id],
      ),
    ).toHaveLength(0);
    const [r] = await t.db.query(`SELECT status FROM signoff_requests WHERE id = $1`, [
      req.body.id,
    ]);
    expect(r.status).toBe('open');
  });

  it('a supervisor cannot sign off themselves or a volunteer outside their cohort (403)', async () => {
    const { vol: outsider } = await cohort();
    const { sup, supervisor } = await cohort();
    const foreign = await outsider.agent
      .post('/api/me/competencies/PEER.2/signoff-requests')
      .set('x-csrf-token', outsider.csrf)
      .send({});
    const res = await sup.agent
      .post(`/api/supervision/requests/${foreign.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'sign_off',
        level: 'proficient',
        scores: scores('proficient'),
        comment: 'ok',
      });
    expect(res.status).toBe(403);
    expect((await sup.agent.get(`/api/supervision/requests/${foreign.body.id}`)).status).toBe(403);
    expect(
      (await sup.agent.get('/api/supervision/queue')).body.map((q: { id: string }) => q.id),
    ).not.toContain(foreign.body.id);

    // The supervisor is also a volunteer and asks for their own sign-off.
    await t.db.query(
      `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, 'volunteer')`,
      [supervisor.id, orgId],
    );
    const self = await t.signIn(supervisor.email);
    const own = await self.agent
      .post('/api/me/competencies/PEER.1/signoff-requests')
      .set('x-csrf-token', self.csrf)
      .send({});
    expect(own.status).toBe(201);
    const selfSign = await self.agent
      .post(`/api/supervision/requests/${own.body.id}/decision`)
      .set('x-csrf-token', self.csrf)
      .send({
        decision: 'sign_off',
        level: 'proficient',
        scores: scores('proficient'),
        comment: 'me',
      });
    expect(selfSign.status).toBe(403);
    expect(selfSign.body.message).toMatch(/your own/);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const { sup, volunteer } = await cohort();
    const res = await sup.agent
      .post('/api/supervision/sessions')
      .set('x-csrf-token', sup.csrf)
      .send({
        volunteerId: volunteer.id,
        kind: 'chat',
        heldOn: 'yesterday',
        topics: [],
        wellbeing: 9,
      });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'heldOn',
      'kind',
      'wellbeing',
    ]);
    expect(
      (await sup.agent.get('/api/supervision/requests/not-a-uuid')).body.details[0].field,
    ).toBe('id');
    const assign = await coordinator.agent
      .post('/api/cohorts/assignments')
      .set('x-csrf-token', coordinator.csrf)
      .send({ organizationId: orgId, supervisorId: volunteer.id, volunteerId: volunteer.id });
    expect(assign.status).toBe(400);
    expect(assign.body.details[0].field).toBe('supervisorId');
  });
});

describe('cohorts and the supervision log', () => {
  it('a supervisor sees only their own volunteers in the matrix and the CSV', async () => {
    const a = await cohort();
    const b = await cohort();
    const matrix = await a.sup.agent.get('/api/supervision/cohort');
    expect(matrix.body.volunteers.map((v: { id: string }) => v.id)).toEqual([a.volunteer.id]);
    expect(matrix.body.volunteers[0].cells).toHaveLength(26);
    const csv = await a.sup.agent.get('/api/supervision/cohort.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^volunteer,PEER\.1,/);
    const es = await a.sup.agent.get('/api/supervision/cohort.csv').set('accept-language', 'es');
    expect(es.text.split('\r\n')[0]).toMatch(/^voluntario o voluntaria,PEER\.1,/);
    expect(csv.text).not.toContain(b.volunteer.id);
    expect(
      (await a.sup.agent.get(`/api/supervision/volunteers/${b.volunteer.id}/sessions`)).status,
    ).toBe(403);
  });

  it("a supervisor reads a volunteer's evidence, newest first, only for their own cohort", async () => {
    const { sup, volunteer } = await cohort();
    const other = await cohort();
    await service.recordEvidence([
      {
        volunteerId: volunteer.id,
        competencyId: 'PEER.1',
        source: 'knowledge_check',
        grade: 1,
        level: 'developing',
      },
    ]);
    await service.recordEvidence([
      {
        volunteerId: volunteer.id,
        competencyId: 'DEESC.2',
        source: 'drill',
        sourceRef: 'drill-attempt:00000000-0000-0000-0000-000000000000',
        grade: 0.8,
        level: 'developing',
        note: 'Raised voices: referred, 20 of 25',
      },
    ]);
    const seen = await sup.agent.get(`/api/supervision/volunteers/${volunteer.id}/evidence`);
    expect(seen.status).toBe(200);
    expect(
      seen.body.map((e: { source: string; competencyId: string; note: string | null }) => [
        e.source,
        e.competencyId,
        e.note,
      ]),
    ).toEqual([
      ['drill', 'DEESC.2', 'Raised voices: referred, 20 of 25'],
      ['knowledge_check', 'PEER.1', null],
    ]);
    expect(seen.body[0].competencyName).toBe(t.app.get(ContentService).competency('DEESC.2')!.name);
    const es = await sup.agent
      .get(`/api/supervision/volunteers/${volunteer.id}/evidence`)
      .set('accept-language', 'es');
    expect(es.body[0].competencyName).toBe(
      t.app.get(ContentService).competency('DEESC.2', 'es')!.name,
    );
    expect(es.body[0].competencyName).not.toBe(seen.body[0].competencyName);
    expect(
      (await other.sup.agent.get(`/api/supervision/volunteers/${volunteer.id}/evidence`)).status,
    ).toBe(403);
    expect(
      (await sup.agent.get(`/api/supervision/volunteers/${other.volunteer.id}/evidence`)).status,
    ).toBe(403);
  });

  it('supervision notes are visible only to that supervisor and that volunteer', async () => {
    const { sup, vol, volunteer } = await cohort();
    const created = await sup.agent
      .post('/api/supervision/sessions')
      .set('x-csrf-token', sup.csrf)
      .send({
        volunteerId: volunteer.id,
        kind: 'debrief',
        heldOn: '2026-01-10',
        topics: ['boundaries'],
        wellbeing: 3,
        privateNotes: 'Tired after a hard call',
      });
    expect(created.status).toBe(201);
    expect(
      (await sup.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).body.sessions[0]
        .privateNotes,
    ).toBe('Tired after a hard call');
    expect(
      (await vol.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).body.sessions[0]
        .privateNotes,
    ).toBe('Tired after a hard call');

    const other = await t.signIn('supervisor.ben@kindred.demo');
    expect(
      (await other.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).status,
    ).toBe(403);
    expect(
      (await coordinator.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).status,
    ).toBe(403);
    // Reassigned to another supervisor: that supervisor does not inherit the old notes.
    const next = await person('supervisor', 'Next');
    await coordinator.agent
      .post('/api/cohorts/assignments')
      .set('x-csrf-token', coordinator.csrf)
      .send({ organizationId: orgId, supervisorId: next.id, volunteerId: volunteer.id });
    const nextAgent = await t.signIn(next.email);
    expect(
      (await nextAgent.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).body
        .sessions,
    ).toEqual([]);
  });
});

describe("the volunteer's own supervision log", () => {
  it('shows the signed-in volunteer their sessions with every supervisor, read-only, and nobody else can read it', async () => {
    const { sup, vol, volunteer } = await cohort();
    await sup.agent
      .post('/api/supervision/sessions')
      .set('x-csrf-token', sup.csrf)
      .send({
        volunteerId: volunteer.id,
        kind: 'session',
        heldOn: '2026-02-01',
        topics: ['self-care'],
        wellbeing: 4,
        privateNotes: 'Sleeping better',
      });
    // Reassigned: the log still shows the earlier supervisor's session next to the new one.
    const next = await person('supervisor', 'Second');
    await coordinator.agent
      .post('/api/cohorts/assignments')
      .set('x-csrf-token', coordinator.csrf)
      .send({ organizationId: orgId, supervisorId: next.id, volunteerId: volunteer.id });
    const nextAgent = await t.signIn(next.email);
    await nextAgent.agent
      .post('/api/supervision/sessions')
      .set('x-csrf-token', nextAgent.csrf)
      .send({
        volunteerId: volunteer.id,
        kind: 'debrief',
        heldOn: '2026-03-01',
        topics: ['a hard call'],
        wellbeing: 2,
        privateNotes: 'Wants a shorter shift',
      });

    const mine = await vol.agent.get('/api/me/supervision');
    expect(mine.status).toBe(200);
    expect(mine.body.volunteerName).toBe('Vol');
    expect(
      mine.body.sessions.map(
        (x: { heldOn: string; supervisorName: string; privateNotes: string }) => [
          x.heldOn,
          x.supervisorName,
          x.privateNotes,
        ],
      ),
    ).toEqual([
      ['2026-03-01', 'Second', 'Wants a shorter shift'],
      ['2026-02-01', 'Sup', 'Sleeping better'],
    ]);
    expect(mine.body.sessions[0]).toMatchObject({
      kind: 'debrief',
      topics: ['a hard call'],
      wellbeing: 2,
    });
    // Read-only: there is no write route under /me/supervision.
    expect(
      (await vol.agent.post('/api/me/supervision').set('x-csrf-token', vol.csrf).send({})).status,
    ).toBe(404);

    // Another volunteer sees only their own (empty) log and cannot read this one by ID.
    const { vol: otherVol } = await cohort();
    const theirs = await otherVol.agent.get('/api/me/supervision');
    expect(theirs.status).toBe(200);
    expect(theirs.body.sessions).toEqual([]);
    expect(JSON.stringify(theirs.body)).not.toContain('Sleeping better');
    expect(
      (await otherVol.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).status,
    ).toBe(403);
    // Another supervisor has no /me log and cannot read this volunteer's log.
    const ben = await t.signIn('supervisor.ben@kindred.demo');
    expect((await ben.agent.get('/api/me/supervision')).status).toBe(403);
    expect(
      (await ben.agent.get(`/api/supervision/volunteers/${volunteer.id}/sessions`)).status,
    ).toBe(403);
    // Signed out: 401.
    expect((await t.http().get('/api/me/supervision')).status).toBe(401);
  });
});

describe('the expiry job', () => {
  it('reminds at 60, 30 and 7 days, expires after, never twice, and skips while another instance holds the lock', async () => {
    const { volunteer, vol, sup } = await cohort();
    const req = await vol.agent
      .post('/api/me/competencies/TIC.1/signoff-requests')
      .set('x-csrf-token', vol.csrf)
      .send({});
    await sup.agent
      .post(`/api/supervision/requests/${req.body.id}/decision`)
      .set('x-csrf-token', sup.csrf)
      .send({
        decision: 'sign_off',
        level: 'exemplary',
        scores: Object.fromEntries(
          t.app
            .get(ContentService)
            .competency('TIC.1')!
            .rubric.map((c) => [c.id, 'exemplary']),
        ),
        comment: 'ok',
      });
    const [{ valid_until }] = await t.db.query(
      `SELECT valid_until FROM competency_ratings WHERE volunteer_id = $1 AND competency_id = 'TIC.1'`,
      [volunteer.id],
    );
    const job = t.app.get(ExpiryJob);
    const mails = async () =>
      await t.db.query<{ kind: string; subject: string }[]>(
        `SELECT kind, subject FROM outbox_messages WHERE to_address = $1 AND kind LIKE 'competency.expir%' ORDER BY created_at`,
        [volunteer.email],
      );
    const moveTo = (daysBefore: number) =>
      t.clock.advance(
        new Date(valid_until).getTime() - daysBefore * DAY_MS - t.clock.now().getTime(),
      );

    moveTo(61);
    await job.run();
    expect(await mails()).toHaveLength(0);
    moveTo(59.5);
    await job.run();
    await job.run();
    expect(await mails()).toHaveLength(1);
    moveTo(29.5);
    await job.run();
    moveTo(6.5);
    await job.run();
    await job.run();
    expect((await mails()).map((m) => m.subject)).toEqual([
      expect.stringMatching(/in 60 day/),
      expect.stringMatching(/in 30 day/),
      expect.stringMatching(/in 7 day/),
    ]);

    moveTo(-1);
    // Another instance holds the lock: this one does nothing.
    const other = t.db.createQueryRunner();
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [EXPIRY_LOCK]);
    expect(await job.run()).toMatchObject({ ran: false });
    await other.query('SELECT pg_advisory_unlock($1)', [EXPIRY_LOCK]);
    await other.release();
    await job.run();
    await job.run();
    const all = await mails();
    expect(all.map((m) => m.kind)).toEqual([
      'competency.expiring',
      'competency.expiring',
      'competency.expiring',
      'competency.expired',
    ]);
    const [rating] = await t.db.query(
      `SELECT status, level FROM competency_ratings WHERE volunteer_id = $1 AND competency_id = 'TIC.1'`,
      [volunteer.id],
    );
    expect(rating.status).toBe('expired');
    const map = await vol.agent.get('/api/me/competencies');
    expect(
      map.body.find((m: { competencyId: string }) => m.competencyId === 'TIC.1'),
    ).toMatchObject({ status: 'expired', missing: 'renewal', proficient: false });
    t.clock.advance(-t.clock.now().getTime() + Date.now());
  });
});

describe('program dashboard', () => {
  it('counts levels, turnaround and expiries by month for coordinators only', async () => {
    const res = await coordinator.agent.get('/api/program/competencies');
    expect(res.status).toBe(200);
    expect(res.body.levels.map((l: { level: string }) => l.level)).toEqual([
      'not-yet',
      'developing',
      'proficient',
      'exemplary',
    ]);
    expect(res.body.expiringByMonth).toHaveLength(12);
    expect(res.body.turnaround.decided).toBeGreaterThan(0);
    const sup = await t.signIn('supervisor.ana@kindred.demo');
    expect((await sup.agent.get('/api/program/competencies')).status).toBe(403);
  });
});
