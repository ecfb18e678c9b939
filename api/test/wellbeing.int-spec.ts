import { EvidenceEvents } from '../src/evidence/evidence-events.js';
import { WellbeingService } from '../src/wellbeing/wellbeing.service.js';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { newMember } from './support/people.js';
import { otherProgram, person } from './support/security.js';

/** Issue 21 (peer wellbeing): private check-ins, debrief requests, the supervisor's queue. */

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

async function cohort(name: string) {
  const supervisor = await newMember(t, 'supervisor', `Sage ${name}`);
  const volunteer = await newMember(t, 'volunteer', `Val ${name}`);
  const bystander = await newMember(t, 'volunteer', `Bo ${name}`);
  const stranger = await newMember(t, 'supervisor', `Stan ${name}`);
  for (const v of [volunteer, bystander])
    await post(coordinator, '/api/cohorts/assignments', {
      organizationId: orgId,
      supervisorId: supervisor.id,
      volunteerId: v.id,
    }).expect(201);
  return {
    volunteer,
    supervisor,
    sup: await t.signIn(supervisor.email),
    vol: await t.signIn(volunteer.email),
    other: await t.signIn(bystander.email),
    otherSup: await t.signIn(stranger.email),
  };
}

/** Every GET route the app serves that takes no parameter (the volunteer's id where it takes one). */
function getRoutes(volunteerId: string): string[] {
  const express = t.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const out = new Set<string>();
  for (const layer of express.router.stack) {
    const path = layer.route?.path;
    if (!path || !layer.route?.methods.get || !path.startsWith('/api/')) continue;
    const filled = path.replace(':volunteerId', volunteerId);
    if (!filled.includes(':')) out.add(filled);
  }
  return [...out];
}

describe('check-ins', () => {
  it('saves a check-in for the volunteer alone and shows it back in order', async () => {
    const { vol } = await cohort('Own');
    const first = await post(vol, '/api/me/wellbeing/check-ins', {
      occasion: 'drill',
      weight: 4,
      sleep: 2,
      someone: 'not_sure',
      note: 'hard scenario, thinking of my brother',
    }).expect(201);
    expect(first.body).toEqual({ id: expect.any(String), debriefAsked: false });
    t.clock.advance(60_000);
    await post(vol, '/api/me/wellbeing/check-ins', {
      occasion: 'self',
      weight: 2,
      sleep: 4,
      someone: 'yes',
    }).expect(201);
    const mine = (await vol.agent.get('/api/me/wellbeing').expect(200)).body;
    expect(mine.checkIns.map((c: { weight: number }) => c.weight)).toEqual([4, 2]);
    expect(mine.checkIns[0]).toMatchObject({
      occasion: 'drill',
      sleep: 2,
      someone: 'not_sure',
      note: 'hard scenario, thinking of my brother',
    });
    expect(mine.monthlyDue).toBe(false);
    expect(mine.debriefs).toEqual([]);
  });

  it('refuses bad answers naming the field, writing nothing', async () => {
    const { vol, volunteer } = await cohort('Bad');
    for (const [body, field] of [
      [{ occasion: 'self', weight: 9, sleep: 3, someone: 'yes' }, 'weight'],
      [{ occasion: 'self', weight: 3, sleep: 0, someone: 'yes' }, 'sleep'],
      [{ occasion: 'later', weight: 3, sleep: 3, someone: 'yes' }, 'occasion'],
      [{ occasion: 'self', weight: 3, sleep: 3, someone: 'maybe' }, 'someone'],
      [{ occasion: 'self', weight: 3, sleep: 3, someone: 'yes', debrief: 'never' }, 'debrief'],
      [{ occasion: 'self', weight: 3, sleep: 3, someone: 'yes', note: 'x'.repeat(2001) }, 'note'],
    ] as const) {
      const res = await post(vol, '/api/me/wellbeing/check-ins', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM wellbeing_checkins WHERE user_id = $1`,
      [volunteer.id],
    );
    expect(n).toBe(0);
  });
});

describe('debrief requests', () => {
  it('reach the supervisor as a debrief to schedule, without the answers; nobody else reads them', async () => {
    const c = await cohort('Private');
    const NOTE = 'private-note-7f3a9';
    const saved = await post(c.vol, '/api/me/wellbeing/check-ins', {
      occasion: 'hours',
      weight: 5,
      sleep: 1,
      someone: 'no',
      note: NOTE,
      debrief: 'days',
    }).expect(201);
    expect(saved.body.debriefAsked).toBe(true);

    // The supervisor's queue: who, how soon, since when — and nothing else.
    const queue = (await c.sup.agent.get('/api/supervision/debriefs').expect(200)).body;
    expect(queue).toHaveLength(1);
    expect(Object.keys(queue[0]).sort()).toEqual(
      ['askedAt', 'id', 'volunteerId', 'volunteerName', 'within'].sort(),
    );
    expect(queue[0]).toMatchObject({ volunteerId: c.volunteer.id, within: 'days' });
    // Another supervisor's queue does not have it.
    expect((await c.otherSup.agent.get('/api/supervision/debriefs').expect(200)).body).toEqual([]);

    // The supervisor is notified in the app (naming the volunteer) and by e-mail (not naming them).
    const notes = (await c.sup.agent.get('/api/me/notifications').expect(200)).body.items;
    const notice = notes.find((n: { kind: string }) => n.kind === 'debrief_asked');
    expect(notice.title).toContain('Val Private');
    expect(notice.body).toContain('within a couple of days');
    expect(notice.link).toBe('/supervise/debriefs');
    const mail = await t.db.query(
      `SELECT subject, text FROM outbox_messages WHERE kind = 'notification.debrief_asked' AND to_address = $1`,
      [c.supervisor.email],
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe('A debrief to schedule');
    expect(mail[0].text).not.toContain(NOTE);
    expect(mail[0].text).not.toContain('Val Private');

    // The answers appear in no response to anyone else: every GET route, as each other person.
    const sweep = getRoutes(c.volunteer.id);
    expect(sweep.length).toBeGreaterThan(30);
    for (const who of [c.sup, c.other, c.otherSup, coordinator]) {
      for (const path of sweep) {
        const res = await who.agent.get(path);
        expect({ path, leaks: res.text.includes(NOTE) }).toEqual({ path, leaks: false });
      }
    }
    // And the volunteer's own page has it.
    expect((await c.vol.agent.get('/api/me/wellbeing').expect(200)).text).toContain(NOTE);
    // The coordinator cannot read the volunteer route at all.
    await coordinator.agent.get('/api/me/wellbeing').expect(403);
  });

  it('keeps one open request; a sooner ask makes it sooner, a later one changes nothing', async () => {
    const c = await cohort('Once');
    const ask = (debrief: string) =>
      post(c.vol, '/api/me/wellbeing/check-ins', {
        occasion: 'self',
        weight: 3,
        sleep: 3,
        someone: 'yes',
        debrief,
      }).expect(201);
    await ask('weeks');
    await ask('days');
    await ask('week');
    const queue = (await c.sup.agent.get('/api/supervision/debriefs').expect(200)).body;
    expect(queue).toHaveLength(1);
    expect(queue[0].within).toBe('days');
  });

  it('marked held: a supervision session of kind debrief, the request leaves the queue', async () => {
    const c = await cohort('Held');
    await post(c.vol, '/api/me/wellbeing/check-ins', {
      occasion: 'drill',
      weight: 4,
      sleep: 3,
      someone: 'yes',
      debrief: 'week',
    }).expect(201);
    const [item] = (await c.sup.agent.get('/api/supervision/debriefs').expect(200)).body;
    // Another supervisor cannot mark it; bad input names the field.
    await post(c.otherSup, `/api/supervision/debriefs/${item.id}/held`, {
      heldOn: '2026-01-02',
      wellbeing: 3,
    }).expect(404);
    const bad = await post(c.sup, `/api/supervision/debriefs/${item.id}/held`, {
      heldOn: 'soon',
      wellbeing: 3,
    }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('heldOn');
    const held = await post(c.sup, `/api/supervision/debriefs/${item.id}/held`, {
      heldOn: '2026-01-02',
      wellbeing: 3,
      privateNotes: 'talked it through',
    }).expect(200);
    expect((await c.sup.agent.get('/api/supervision/debriefs').expect(200)).body).toEqual([]);
    await post(c.sup, `/api/supervision/debriefs/${item.id}/held`, {
      heldOn: '2026-01-02',
      wellbeing: 3,
    }).expect(404);
    const log = (
      await c.vol.agent.get(`/api/supervision/volunteers/${c.volunteer.id}/sessions`).expect(200)
    ).body;
    expect(log.sessions).toEqual([
      expect.objectContaining({
        id: held.body.sessionId,
        kind: 'debrief',
        heldOn: '2026-01-02',
        privateNotes: 'talked it through',
      }),
    ]);
    const mine = (await c.vol.agent.get('/api/me/wellbeing').expect(200)).body;
    expect(mine.debriefs[0].heldAt).toEqual(expect.any(String));
  });
});

describe('monthly invitation', () => {
  it('invites once a month those with no recent check-in', async () => {
    const c = await cohort('Monthly');
    const fresh = await newMember(t, 'volunteer', 'Recent Checker');
    const recent = await t.signIn(fresh.email);
    await post(recent, '/api/me/wellbeing/check-ins', {
      occasion: 'self',
      weight: 2,
      sleep: 4,
      someone: 'yes',
    }).expect(201);
    const service = t.app.get(WellbeingService);
    expect(await service.sendMonthlyReminders()).toBeGreaterThan(0);
    const kinds = async (who: Agent) =>
      (await who.agent.get('/api/me/notifications').expect(200)).body.items
        .filter((n: { kind: string }) => n.kind === 'wellbeing_checkin')
        .map((n: { link: string }) => n.link);
    expect(await kinds(c.vol)).toEqual(['/me/wellbeing/check-in?occasion=monthly']);
    expect(await kinds(recent)).toEqual([]);
    await service.sendMonthlyReminders();
    expect(await kinds(c.vol)).toHaveLength(1);
  });
});

describe('deadlines', () => {
  it('lists current sign-offs and active, not superseded certificates ending within a year, soonest first', async () => {
    const c = await cohort('Deadlines');
    const now = t.clock.now().getTime();
    const inDays = (n: number) => new Date(now + n * 86_400_000);
    const day = (n: number) => inDays(n).toISOString().slice(0, 10);
    await t.db.query(
      `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, signed_off_by, signed_off_at, valid_until)
       VALUES ($1, 'PEER.1', 'proficient', 'current', $2, now(), $3)`,
      [c.volunteer.id, c.supervisor.id, inDays(50)],
    );
    // A retired placeholder key: these certificates are rows to list, never verified.
    const [key] = await t.db.query(
      `INSERT INTO signing_keys (organization_id, did, public_key, sealed_private, retired_at)
       VALUES ($1, 'did:key:z6Mk' || md5(random()::text), '{}', 'none', now()) RETURNING id`,
      [orgId],
    );
    const credential = async (
      days: number,
      o: { name?: string; slug?: string; state?: string; supersededBy?: string } = {},
    ): Promise<string> => {
      const [row] = await t.db.query(
        `INSERT INTO credentials (id, organization_id, signing_key_id, holder_user_id, signed, issued_at, valid_until, program_slug, state, state_reason, superseded_by)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, now(), $5, $6, $7, CASE WHEN $7 = 'active' THEN NULL ELSE 'test' END, $8) RETURNING id`,
        [
          orgId,
          key.id,
          c.volunteer.id,
          JSON.stringify(o.name ? { name: o.name } : {}),
          inDays(days),
          o.slug ?? null,
          o.state ?? 'active',
          o.supersededBy ?? null,
        ],
      );
      return row.id as string;
    };
    const renewed = await credential(300, { name: 'Peer support (renewed)', slug: 'peer' });
    await credential(30, { name: 'Peer support', slug: 'peer', supersededBy: renewed });
    await credential(40, { name: 'Revoked', slug: 'revoked', state: 'revoked' });
    await credential(20, { slug: 'crisis-line' });
    await credential(400, { name: 'Too far', slug: 'far' });
    await credential(-1, { name: 'Ended', slug: 'ended' });

    const mine = (await c.vol.agent.get('/api/me/wellbeing').expect(200)).body;
    expect(
      mine.deadlines.map((d: { kind: string; name: string; until: string }) => [
        d.kind,
        d.name.split(' ')[0],
        d.until,
      ]),
    ).toEqual([
      ['certificate', 'crisis-line', day(20)],
      ['competency', 'PEER.1', day(50)],
      ['certificate', 'Peer', day(300)],
    ]);
    // Another person's page lists none of these.
    expect((await c.other.agent.get('/api/me/wellbeing').expect(200)).body.deadlines).toEqual([]);
  });
});

describe('rest week', () => {
  const put = (who: Agent, body: object = {}) =>
    who.agent.put('/api/me/wellbeing/rest-week').set('x-csrf-token', who.csrf).send(body);

  it('pauses reminders for the week, keeps deadlines where they are, and lets them go out after', async () => {
    const c = await cohort('Rest');
    const validUntil = new Date(t.clock.now().getTime() + 20 * 86_400_000);
    const until = validUntil.toISOString().slice(0, 10);
    // A sign-off that expires in 20 days: a 30-day reminder is due.
    await t.db.query(
      `INSERT INTO competency_ratings (volunteer_id, competency_id, level, status, signed_off_by, signed_off_at, valid_until)
       VALUES ($1, 'PEER.1', 'proficient', 'current', $2, now(), $3)`,
      [c.volunteer.id, c.supervisor.id, validUntil],
    );
    const week = (await put(c.vol).expect(200)).body;
    expect(week).toMatchObject({ current: true });
    await put(c.vol).expect(409);
    const bad = await put(c.vol, { startsOn: '2001-01-01' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('startsOn');

    const mine = (await c.vol.agent.get('/api/me/wellbeing').expect(200)).body;
    expect(mine.restWeek).toEqual(week);
    expect(mine.deadlines).toEqual([
      expect.objectContaining({ kind: 'competency', until, duringRest: false }),
    ]);
    expect(mine.contacts).toEqual([expect.objectContaining({ name: 'Sage Rest' })]);

    const reminders = async () =>
      Number(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1 AND kind = 'competency.expiring'`,
            [c.volunteer.email],
          )
        )[0].n,
      );
    const { ExpiryJob } = await import('../src/competencies/expiry.job.js');
    await t.app.get(ExpiryJob).run();
    expect(await reminders()).toBe(0);
    const monthly = await t.app.get(WellbeingService).sendMonthlyReminders();
    const invited = await t.db.query(
      `SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'wellbeing_checkin'`,
      [c.volunteer.id],
    );
    expect({ monthly: monthly >= 0, invited: invited.length }).toEqual({
      monthly: true,
      invited: 0,
    });
    // The rating is still current with the same date: resting counts against nothing.
    const [rating] = await t.db.query(
      `SELECT status, valid_until FROM competency_ratings WHERE volunteer_id = $1`,
      [c.volunteer.id],
    );
    expect(rating.status).toBe('current');
    expect(new Date(rating.valid_until).toISOString().slice(0, 10)).toBe(until);

    // A week later the reminder goes out.
    t.clock.advance(7 * 86_400_000);
    await t.app.get(ExpiryJob).run();
    expect(await reminders()).toBe(1);
    t.clock.advance(-7 * 86_400_000);
  });

  it('ends early: reminders resume the next day; a planned week can be cancelled', async () => {
    const c = await cohort('Early');
    const later = new Date(t.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const planned = (await put(c.vol, { startsOn: later }).expect(200)).body;
    expect(planned).toMatchObject({ startsOn: later, current: false });
    await c.vol.agent
      .delete('/api/me/wellbeing/rest-week')
      .set('x-csrf-token', c.vol.csrf)
      .expect(204);
    expect((await c.vol.agent.get('/api/me/wellbeing').expect(200)).body.restWeek).toBeNull();
    await put(c.vol).expect(200);
    await c.vol.agent
      .delete('/api/me/wellbeing/rest-week')
      .set('x-csrf-token', c.vol.csrf)
      .expect(204);
    expect((await c.vol.agent.get('/api/me/wellbeing').expect(200)).body.restWeek).toBeNull();
  });
});

describe("coordinators' figures", () => {
  it('are counts only, each withheld until at least 5 people are behind it', async () => {
    const slug = `wellbeing-figures-${Date.now()}`;
    await otherProgram(t, slug);
    const coord = await person(t, 'coordinator', slug);
    const sup = await person(t, 'supervisor', slug);
    const vols = [] as Agent[];
    for (let i = 0; i < 5; i++)
      vols.push(await t.signIn((await person(t, 'volunteer', slug, sup.email)).email));
    const coordinatorAgent = await t.signIn(coord.email);
    const supAgent = await t.signIn(sup.email);
    const figures = async () =>
      (await coordinatorAgent.agent.get('/api/program/wellbeing').expect(200)).body;
    const checkIn = (who: Agent, debrief?: string) =>
      post(who, '/api/me/wellbeing/check-ins', {
        occasion: 'self',
        weight: 3,
        sleep: 3,
        someone: 'yes',
        note: 'figures-note',
        ...(debrief ? { debrief } : {}),
      }).expect(201);

    // Four people, eight check-ins, four debriefs asked and held: all withheld.
    for (const v of vols.slice(0, 4)) {
      await checkIn(v, 'week');
      await checkIn(v);
    }
    for (const d of (await supAgent.agent.get('/api/supervision/debriefs').expect(200)).body)
      await post(supAgent, `/api/supervision/debriefs/${d.id}/held`, {
        heldOn: '2026-01-02',
        wellbeing: 3,
      }).expect(200);
    const four = await figures();
    expect(four).toEqual({
      windowDays: 365,
      threshold: 5,
      checkIns: null,
      debriefsAsked: null,
      debriefsHeld: null,
      medianHoursToHold: null,
    });
    expect(JSON.stringify(four)).not.toContain('figures-note');

    // The fifth person checks in and asks: check-ins and asks now show (this program's only: the demo
    // program's many check-ins are not counted); held stays withheld (4 people).
    await checkIn(vols[4], 'days');
    const five = await figures();
    expect(five).toMatchObject({
      checkIns: 9,
      debriefsAsked: 5,
      debriefsHeld: null,
      medianHoursToHold: null,
    });
    t.clock.advance(48 * 3_600_000);
    const [last] = (await supAgent.agent.get('/api/supervision/debriefs').expect(200)).body;
    await post(supAgent, `/api/supervision/debriefs/${last.id}/held`, {
      heldOn: '2026-01-02',
      wellbeing: 3,
    }).expect(200);
    t.clock.advance(-48 * 3_600_000);
    const held = await figures();
    expect(held).toMatchObject({ debriefsHeld: 5, medianHoursToHold: 0 });
    await supAgent.agent.get('/api/program/wellbeing').expect(403);
  });
});
