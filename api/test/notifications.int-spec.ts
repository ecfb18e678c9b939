import { ContentService } from '../src/content/content.service.js';
import { EvidenceEvents } from '../src/evidence/evidence-events.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { issueProgram } from './support/certificates.js';
import { newMember } from './support/people.js';

/** Issue 22: event notifications, in the app and by e-mail, for the right person only. */

const SLOW = 120_000;
let t: TestApp;
let orgId: string;
let coordinator: Agent;

beforeAll(async () => {
  t = await createTestApp();
  [{ id: orgId }] = await t.db.query(
    `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
  );
  coordinator = await t.signIn('coordinator@kindred.demo');
}, SLOW);
afterAll(async () => {
  await t.app.get(EvidenceEvents).idle();
  await t.close();
}, SLOW);

const post = (who: Agent, path: string, body: object = {}) =>
  who.agent.post(path).set('x-csrf-token', who.csrf).send(body);

async function cohort() {
  const supervisor = await newMember(t, 'supervisor', 'Nora Notifier');
  const volunteer = await newMember(t, 'volunteer', 'Vic Volunteer');
  const bystander = await newMember(t, 'volunteer', 'Bea Bystander');
  for (const v of [volunteer, bystander])
    await post(coordinator, '/api/cohorts/assignments', {
      organizationId: orgId,
      supervisorId: supervisor.id,
      volunteerId: v.id,
    }).expect(201);
  return {
    volunteer,
    bystander,
    sup: await t.signIn(supervisor.email),
    vol: await t.signIn(volunteer.email),
    other: await t.signIn(bystander.email),
  };
}

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
}
const listOf = async (who: Agent) =>
  (await who.agent.get('/api/me/notifications').expect(200)).body as {
    unread: number;
    items: Item[];
  };
const mails = (to: string) =>
  t.db.query<{ kind: string; subject: string }[]>(
    `SELECT kind, subject FROM outbox_messages WHERE to_address = $1 ORDER BY created_at`,
    [to],
  );

async function requestAndDecide(
  vol: Agent,
  sup: Agent,
  competencyId: string,
  decision: 'sign_off' | 'practice',
) {
  const req = await post(vol, `/api/me/competencies/${competencyId}/signoff-requests`, {
    reflection: 'Done in practice',
  }).expect(201);
  const level = decision === 'sign_off' ? 'proficient' : 'developing';
  const scores = Object.fromEntries(
    t.app
      .get(ContentService)
      .competency(competencyId)!
      .rubric.map((c) => [c.id, level]),
  );
  return {
    id: req.body.id as string,
    decide: () =>
      post(sup, `/api/supervision/requests/${req.body.id}/decision`, {
        decision,
        level,
        scores,
        comment: 'Seen on shift',
        ...(decision === 'practice' ? { practice: 'Slow down before answering' } : {}),
      }),
  };
}

describe('notifications', () => {
  it(
    'a sign-off and a request for practice each make one notification and one mail, for the volunteer only',
    async () => {
      const { volunteer, bystander, sup, vol, other } = await cohort();
      const supBefore = (await listOf(sup)).items.length;
      await (await requestAndDecide(vol, sup, 'PEER.1', 'sign_off')).decide().expect(200);
      await (await requestAndDecide(vol, sup, 'PEER.2', 'practice')).decide().expect(200);
      await t.app.get(EvidenceEvents).idle();

      const mine = await listOf(vol);
      expect(mine.items.map((i) => i.kind)).toEqual(['practice_asked', 'signoff_decided']);
      expect(mine.unread).toBe(2);
      expect(mine.items[1]).toMatchObject({
        title: expect.stringMatching(/^Signed off: PEER\.1 /),
        body: expect.stringContaining('Nora Notifier signed off PEER.1'),
        link: '/learn/competencies',
        read: false,
      });
      expect(mine.items[0].body).toContain('Slow down before answering');
      expect((await vol.agent.get('/api/me/notifications/unread').expect(200)).body).toEqual({
        unread: 2,
      });
      // nobody else got them
      expect((await listOf(other)).items).toEqual([]);
      expect((await listOf(sup)).items.length).toBe(supBefore);
      // and the same by e-mail, through the outbox
      expect((await mails(volunteer.email)).map((m) => m.kind)).toEqual([
        'competency.signed_off',
        'competency.practice',
      ]);
      expect(await mails(bystander.email)).toEqual([]);
    },
    SLOW,
  );

  it(
    'respects each person’s choice of mails: turned off, the notification still comes in the app, without a mail',
    async () => {
      const { volunteer, sup, vol } = await cohort();
      const prefs = await vol.agent.get('/api/me/notification-preferences').expect(200);
      expect(prefs.body.email).toMatchObject({ signoff_decided: true, practice_asked: true });
      const set = await vol.agent
        .put('/api/me/notification-preferences')
        .set('x-csrf-token', vol.csrf)
        .send({ email: { practice_asked: false } })
        .expect(200);
      expect(set.body.email).toMatchObject({ signoff_decided: true, practice_asked: false });
      // bad input names the field; nothing is written
      for (const email of [{ nonsense: true }, { signoff_decided: 'yes' }]) {
        const bad = await vol.agent
          .put('/api/me/notification-preferences')
          .set('x-csrf-token', vol.csrf)
          .send({ email })
          .expect(400);
        expect(bad.body.details[0].field).toBe('email');
      }
      expect(
        (await vol.agent.get('/api/me/notification-preferences').expect(200)).body.email
          .signoff_decided,
      ).toBe(true);

      await (await requestAndDecide(vol, sup, 'PEER.3', 'practice')).decide().expect(200);
      await (await requestAndDecide(vol, sup, 'PEER.4', 'sign_off')).decide().expect(200);
      await t.app.get(EvidenceEvents).idle();
      expect((await listOf(vol)).items.map((i) => i.kind)).toEqual([
        'signoff_decided',
        'practice_asked',
      ]);
      expect((await mails(volunteer.email)).map((m) => m.kind)).toEqual(['competency.signed_off']);
    },
    SLOW,
  );

  it(
    'nobody else can read or mark a person’s notifications; the person can, one or all',
    async () => {
      const { sup, vol, other } = await cohort();
      await (await requestAndDecide(vol, sup, 'DEESC.1', 'practice')).decide().expect(200);
      await (await requestAndDecide(vol, sup, 'DEESC.2', 'practice')).decide().expect(200);
      const [first, second] = (await listOf(vol)).items;
      // another volunteer, the supervisor who caused it, a coordinator: "not found", and it stays unread
      for (const who of [other, sup, coordinator])
        await post(who, `/api/me/notifications/${first.id}/read`).expect(404);
      await post(other, '/api/me/notifications/read').expect(200);
      expect((await listOf(vol)).unread).toBe(2);
      await t.http().get('/api/me/notifications').expect(401);
      await post(vol, '/api/me/notifications/not-a-uuid/read').expect(400);

      await post(vol, `/api/me/notifications/${first.id}/read`).expect(200);
      let now = await listOf(vol);
      expect(now.unread).toBe(1);
      expect(now.items.find((i) => i.id === first.id)!.read).toBe(true);
      expect(now.items.find((i) => i.id === second.id)!.read).toBe(false);
      expect((await post(vol, '/api/me/notifications/read').expect(200)).body).toEqual({
        marked: 1,
      });
      now = await listOf(vol);
      expect(now.unread).toBe(0);
    },
    SLOW,
  );

  it(
    'hours verified (one entry, or a whole week at once) tell the volunteer, once per event',
    async () => {
      const { sup, vol, other } = await cohort();
      const entry = (workedOn: string, hours: number) =>
        post(vol, '/api/practice-hours', {
          workedOn,
          hours,
          setting: 'Drop-in centre, evening shift',
          category: 'one-to-one',
        }).expect(201);
      const a = (await entry('2026-11-03', 2)).body;
      await entry('2026-11-10', 1);
      await entry('2026-11-11', 1.5);
      await post(sup, `/api/supervision/practice-hours/${a.id}/verify`).expect(200);
      await post(sup, '/api/supervision/practice-hours/verify-week', {
        weekOf: '2026-11-10',
      }).expect(200);
      const items = (await listOf(vol)).items;
      expect(items.map((i) => i.kind)).toEqual(['hours_verified', 'hours_verified']);
      expect(items[0].title).toBe('Practice hours verified: 2.5 h in the week of Nov 9, 2026');
      expect(items[1].title).toBe('Practice hours verified: 2 h on Nov 3, 2026');
      expect((await listOf(other)).items).toEqual([]);
    },
    SLOW,
  );

  it(
    'a certificate waiting for the university, and one issued, each tell its holder',
    async () => {
      const { vol, other } = await cohort();
      await issueProgram(coordinator, orgId, vol.user.id, 'foundations').expect(201);
      await issueProgram(coordinator, orgId, vol.user.id, 'accredited-peer-supporter').expect(201);
      const items = (await listOf(vol)).items;
      expect(items.map((i) => i.kind)).toEqual(['certificate_awaiting', 'certificate_issued']);
      expect(items[0].title).toBe(
        'Waiting for Riverside University School of Social Work: Accredited Peer Supporter',
      );
      expect(items[1]).toMatchObject({
        title: 'Certificate issued: Kindred Peer Supporter Foundations',
        link: '/learn/certificates',
      });
      expect((await listOf(other)).items).toEqual([]);
    },
    SLOW,
  );

  it(
    'a group-drill reminder comes once to each participant, in the app and by mail as they chose',
    async () => {
      const { volunteer, bystander, vol, other } = await cohort();
      await vol.agent
        .put('/api/me/notification-preferences')
        .set('x-csrf-token', vol.csrf)
        .send({ email: { drill_reminder: false } })
        .expect(200);
      await post(coordinator, '/api/drill-sessions', {
        organizationId: orgId,
        drillId: 'deesc-bus-stop-01',
        kind: 'tabletop',
        title: 'Reminder tabletop',
        startsAt: new Date(t.clock.now().getTime() + 23 * 3_600_000).toISOString(),
        minutes: 60,
        place: 'Room 2',
        injects: [],
        participants: [
          { userId: volunteer.id, role: 'responder' },
          { userId: bystander.id, role: 'caller' },
        ],
      }).expect(201);
      const job = t.app.get(
        (await import('../src/drills/drill-reminders.job.js')).DrillRemindersJob,
      );
      await job.run();
      await job.run();
      for (const who of [vol, other]) {
        const items = (await listOf(who)).items.filter((i) => i.kind === 'drill_reminder');
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({ title: 'Tomorrow: Reminder tabletop' });
        expect(items[0].link).toMatch(/^\/drill-sessions\/[0-9a-f-]{36}$/);
      }
      const subjects = async (to: string) =>
        (await mails(to)).map((m) => m.subject).filter((x) => x.includes('Reminder tabletop'));
      // the invitation always comes (it is not a notification); the reminder only to who wants it
      expect(await subjects(bystander.email)).toEqual([
        'Group drill: Reminder tabletop',
        'Tomorrow: Reminder tabletop',
      ]);
      expect(await subjects(volunteer.email)).toEqual(['Group drill: Reminder tabletop']);
    },
    SLOW,
  );

  it(
    'is written in the event’s transaction: if the notification cannot be stored, the decision is not made either',
    async () => {
      const { sup, vol } = await cohort();
      const pending = await requestAndDecide(vol, sup, 'CH.1', 'practice');
      await t.db.query(
        `CREATE FUNCTION fail_notification() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
      );
      await t.db.query(
        `CREATE TRIGGER fail_notification BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION fail_notification()`,
      );
      try {
        const res = await pending.decide();
        expect(res.status).toBeGreaterThanOrEqual(500);
      } finally {
        await t.db.query(
          `DROP TRIGGER fail_notification ON notifications; DROP FUNCTION fail_notification()`,
        );
      }
      const [row] = await t.db.query(`SELECT status FROM signoff_requests WHERE id = $1`, [
        pending.id,
      ]);
      expect(row.status).toBe('open');
      expect((await listOf(vol)).items).toEqual([]);
      expect(
        await t.db.query(
          `SELECT 1 FROM audit_log WHERE subject = $1 AND action = 'competency.practice_requested'`,
          [`signoff_request:${pending.id}`],
        ),
      ).toEqual([]);
      // and once storing works again, the same decision goes through whole
      await pending.decide().expect(200);
      expect((await listOf(vol)).items.map((i) => i.kind)).toEqual(['practice_asked']);
    },
    SLOW,
  );
  // Issue 16: what the API sends to people comes in their language (their saved choice).
  it(
    'a Spanish-speaking volunteer gets the notification and its mail in Spanish, with the Spanish skill name',
    async () => {
      const { volunteer, sup, vol } = await cohort();
      await vol.agent
        .put('/api/auth/locale')
        .set('x-csrf-token', vol.csrf)
        .send({ locale: 'es' })
        .expect(204);
      await (await requestAndDecide(vol, sup, 'PEER.1', 'sign_off')).decide().expect(200);
      await (await requestAndDecide(vol, sup, 'PEER.2', 'practice')).decide().expect(200);
      const peer1 = t.app.get(ContentService).competency('PEER.1', 'es')!.name;
      expect(peer1).not.toBe(t.app.get(ContentService).competency('PEER.1')!.name);
      const [practice, signed] = (await listOf(vol)).items;
      expect(signed).toMatchObject({
        title: `Aprobada: PEER.1 ${peer1}`,
        body: expect.stringContaining('Nora Notifier aprobó PEER.1'),
      });
      expect(practice.title).toMatch(/^Más práctica para PEER\.2 /);
      const [mail] = await t.db.query<{ subject: string; text: string }[]>(
        `SELECT subject, text FROM outbox_messages WHERE to_address = $1 AND kind = 'competency.signed_off'`,
        [volunteer.email],
      );
      expect(mail.subject).toBe(`Aprobada: PEER.1 ${peer1}`);
      expect(mail.text).toMatch(
        /^Hola, Vic Volunteer:\n\nNora Notifier aprobó PEER\.1 .+ en el nivel «Competente»/,
      );
      // an English-speaking one in the same cohort still reads English
      const en = await cohort();
      await (await requestAndDecide(en.vol, en.sup, 'PEER.1', 'sign_off')).decide().expect(200);
      expect((await listOf(en.vol)).items[0].title).toMatch(/^Signed off: PEER\.1 Roles/);
    },
    SLOW,
  );

  it(
    'a group drill invitation, its calendar file and the hours verified come in the person’s language',
    async () => {
      const { volunteer, sup, vol } = await cohort();
      await vol.agent
        .put('/api/auth/locale')
        .set('x-csrf-token', vol.csrf)
        .send({ locale: 'es' })
        .expect(204);
      const startsAt = new Date(Date.UTC(2031, 4, 20, 18, 30));
      const session = await post(coordinator, '/api/drill-sessions', {
        organizationId: orgId,
        drillId: 'deesc-bus-stop-01',
        kind: 'tabletop',
        title: 'Parada de autobús',
        startsAt: startsAt.toISOString(),
        minutes: 60,
        place: 'Sala 2',
        injects: [{ minute: 5, text: 'Llega el autobús.' }],
        participants: [{ userId: volunteer.id, role: 'caller' }],
      }).expect(201);
      const [invite] = await t.db.query<{ subject: string; text: string }[]>(
        `SELECT subject, text FROM outbox_messages WHERE to_address = $1 AND kind = 'drill_invitation'`,
        [volunteer.email],
      );
      expect(invite.subject).toBe('Simulación en grupo: Parada de autobús');
      expect(invite.text).toContain('Hola, Vic Volunteer:');
      expect(invite.text).toContain('te invitó a una simulación de mesa, «Parada de autobús»');
      expect(invite.text).toContain(
        'Cuándo: martes, 20 de mayo de 2031, 6:30 p.m. UTC (60 minutos)',
      );
      expect(invite.text).toContain('Tu papel: persona que llama');
      expect(invite.text).not.toMatch(/Your role|When:|Details:/);
      const ics = await vol.agent
        .get(`/api/drill-sessions/${session.body.id}/calendar.ics`)
        .expect(200);
      expect(ics.text).toContain('SUMMARY:Simulación de mesa de Kindred: Parada de autobús\r\n');

      const entry = await post(vol, '/api/practice-hours', {
        workedOn: '2026-11-30',
        hours: 2,
        setting: 'Drop-in centre, evening shift',
        category: 'one-to-one',
      }).expect(201);
      await post(sup, `/api/supervision/practice-hours/${entry.body.id}/verify`).expect(200);
      const verified = (await listOf(vol)).items.find((i) => i.kind === 'hours_verified');
      expect(verified?.title).toBe('Horas de práctica verificadas: 2 h el 30 nov 2026');
    },
    SLOW,
  );
});
