import { createTestApp, lastMail, type Agent, type TestApp } from './support/app.js';
import { newMember } from './support/people.js';
import nodemailer, { type Transporter } from 'nodemailer';
import { OutboxService } from '../src/notifications/outbox.service.js';

/** A minimal RFC 5545 reader: unfolds lines, checks the VCALENDAR/VEVENT envelope, returns the event's properties. */
function parseEvent(ics: string): Record<string, string> {
  const lines = ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  expect(lines).toContain('VERSION:2.0');
  const from = lines.indexOf('BEGIN:VEVENT');
  const to = lines.indexOf('END:VEVENT');
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  const props: Record<string, string> = {};
  for (const line of lines.slice(from + 1, to)) {
    if (line.startsWith('BEGIN:VALARM')) break;
    const i = line.indexOf(':');
    props[line.slice(0, i).split(';')[0]] = line.slice(i + 1);
  }
  return props;
}

let t: TestApp;
let coordinator: Agent;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn('coordinator@kindred.demo');
  orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
});
afterAll(() => t.close());

const HOUR = 3_600_000;
function schedule(
  hoursAhead: number,
  people: { id: string; role: string }[],
  extra: Record<string, unknown> = {},
) {
  return coordinator.agent
    .post('/api/drill-sessions')
    .set('x-csrf-token', coordinator.csrf)
    .send({
      organizationId: orgId,
      drillId: 'deesc-bus-stop-01',
      kind: 'tabletop',
      title: 'Evening tabletop, bus stop',
      startsAt: new Date(t.clock.now().getTime() + hoursAhead * HOUR).toISOString(),
      minutes: 60,
      place: 'Room 2, Eastside library',
      injects: [
        { minute: 20, text: 'The caller says he has pills with him.' },
        { minute: 5, text: 'A bus driver asks what is happening.' },
      ],
      participants: people.map((p) => ({ userId: p.id, role: p.role })),
      ...extra,
    });
}

describe('group drill sessions', () => {
  it('schedules a session, invites each participant with a calendar file, and serves the .ics', async () => {
    const caller = await newMember(t, 'volunteer', 'Casey Caller');
    const responder = await newMember(t, 'volunteer', 'Rio Responder');
    const res = await schedule(72, [
      { id: caller.id, role: 'caller' },
      { id: responder.id, role: 'responder' },
    ]).expect(201);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      kind: 'tabletop',
      released: 0,
      drillId: 'deesc-bus-stop-01',
      canFacilitate: true,
    });
    expect(res.body.injects.map((i: { minute: number }) => i.minute)).toEqual([5, 20]);
    expect(res.body.rubric.length).toBeGreaterThan(0);
    expect(res.body.rubric[0].criteria[0]).toHaveProperty('criterion');

    const mail = await lastMail(t.db, caller.email);
    expect(mail?.subject).toBe('Group drill: Evening tabletop, bus stop');
    expect(mail?.text).toContain('Your role: caller');
    expect(mail?.text).toContain(`/api/drill-sessions/${res.body.id}/calendar.ics`);
    expect(mail?.text).toContain('kindred-drill.ics');

    const volunteer = await t.signIn(caller.email);
    const ics = await volunteer.agent
      .get(`/api/drill-sessions/${res.body.id}/calendar.ics`)
      .expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n/);
    expect(ics.text).toContain(`UID:drill-session-${res.body.id}@kindred\r\n`);
    const start = new Date(res.body.startsAt)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    expect(ics.text).toContain(`DTSTART:${start}\r\n`);
    expect(ics.text).toContain('LOCATION:Room 2\\, Eastside library');
    // A participant sees only released injects and cannot run the drill.
    const seen = await volunteer.agent.get(`/api/drill-sessions/${res.body.id}`).expect(200);
    expect(seen.body).toMatchObject({ myRole: 'caller', canFacilitate: false, injects: [] });
    await volunteer.agent
      .post(`/api/drill-sessions/${res.body.id}/injects/release`)
      .set('x-csrf-token', volunteer.csrf)
      .expect(403);
    const list = await volunteer.agent.get('/api/drill-sessions').expect(200);
    expect(list.body.map((s: { id: string }) => s.id)).toContain(res.body.id);

    const stranger = await t.signIn((await newMember(t, 'volunteer')).email);
    await stranger.agent.get(`/api/drill-sessions/${res.body.id}/calendar.ics`).expect(404);
    await stranger.agent
      .post('/api/drill-sessions')
      .set('x-csrf-token', stranger.csrf)
      .send({})
      .expect(403);
  });

  it('the invitation carries the .ics as a text/calendar attachment, stored for the coordinator and sent by SMTP', async () => {
    const caller = await newMember(t, 'volunteer', 'Ada Attached');
    const res = await schedule(48, [{ id: caller.id, role: 'caller' }]).expect(201);
    const outbox = await coordinator.agent.get('/api/outbox').expect(200);
    const message = outbox.body.find(
      (m: { to: string; kind: string }) => m.to === caller.email && m.kind === 'drill_invitation',
    );
    expect(message.text).not.toContain('BEGIN:VCALENDAR');
    expect(message.attachments).toHaveLength(1);
    const [meta] = message.attachments;
    expect(meta).toMatchObject({
      filename: 'kindred-drill.ics',
      contentType: expect.stringMatching(/^text\/calendar\b/),
    });
    const file = await coordinator.agent
      .get(`/api/outbox/${message.id}/attachments/${meta.id}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/calendar/);
    expect(file.headers['content-disposition']).toBe('attachment; filename="kindred-drill.ics"');
    const ics = (file.body as Buffer).toString('utf8');
    expect(meta.size).toBe(file.body.length);
    const start = new Date(res.body.startsAt)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    expect(parseEvent(ics)).toMatchObject({
      UID: `drill-session-${res.body.id}@kindred`,
      DTSTART: start,
      SUMMARY: 'Kindred tabletop drill: Evening tabletop\\, bus stop',
    });

    // Only the organization's coordinators can download it; a wrong ID is a 400 naming the field.
    const volunteer = await t.signIn(caller.email);
    await volunteer.agent.get(`/api/outbox/${message.id}/attachments/${meta.id}`).expect(403);
    await coordinator.agent.get(`/api/outbox/${message.id}/attachments/${message.id}`).expect(404);
    expect(
      (await coordinator.agent.get(`/api/outbox/${message.id}/attachments/x`).expect(400)).body
        .details[0].field,
    ).toBe('attachmentId');

    // With SMTP configured, the same message goes out as a multipart MIME mail with the calendar part.
    // nodemailer's own stream transport builds the exact bytes an SMTP server would receive.
    const outboxService = t.app.get<
      OutboxService,
      { transport?: Transporter; deliver(): Promise<number> }
    >(OutboxService);
    const sent: string[] = [];
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const send = transport.sendMail.bind(transport);
    transport.sendMail = async (options: Parameters<typeof send>[0]) => {
      const info = await send(options);
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a Buffer here (buffer: true)
      sent.push(String(info.message));
      return info;
    };
    outboxService.transport = transport;
    try {
      const other = await newMember(t, 'volunteer', 'Sam Smtp');
      const again = await schedule(50, [{ id: other.id, role: 'caller' }]).expect(201);
      expect(await outboxService.deliver()).toBeGreaterThan(0);
      const raw = sent.find((m) => m.includes(`To: ${other.email}`));
      expect(raw).toMatch(/Content-Type: multipart\/mixed/);
      const part =
        /Content-Type: text\/calendar(?:[^\r\n]|\r\n )*\r\nContent-Transfer-Encoding: (\S+)\r\nContent-Disposition: attachment;\s*filename=kindred-drill\.ics\r\n\r\n([\s\S]*?)\r\n--/.exec(
          raw!,
        );
      expect(part).not.toBeNull();
      const body =
        part![1] === 'base64'
          ? Buffer.from(part![2].replace(/\s+/g, ''), 'base64').toString('utf8')
          : part![2];
      expect(parseEvent(body)).toMatchObject({ UID: `drill-session-${again.body.id}@kindred` });
      const [row] = await t.db.query(`SELECT status FROM outbox_messages WHERE to_address = $1`, [
        other.email,
      ]);
      expect(row.status).toBe('sent');
    } finally {
      outboxService.transport = undefined;
    }
  });

  it('names each wrong field, never a 500', async () => {
    const v = await newMember(t, 'volunteer');
    const bad = await coordinator.agent
      .post('/api/drill-sessions')
      .set('x-csrf-token', coordinator.csrf)
      .send({
        organizationId: orgId,
        drillId: 'x',
        kind: 'party',
        title: '',
        startsAt: 'soon',
        minutes: 2,
        injects: [{ minute: 'x', text: '' }],
        participants: [{ userId: v.id, role: 'boss' }],
      })
      .expect(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'kind',
        'title',
        'startsAt',
        'minutes',
        'injects.0.minute',
        'injects.0.text',
        'participants.0.role',
      ]),
    );
    expect(
      (await schedule(-1, [{ id: v.id, role: 'caller' }]).expect(400)).body.details[0].field,
    ).toBe('startsAt');
    expect(
      (await schedule(5, [{ id: v.id, role: 'caller' }], { drillId: 'nope' }).expect(400)).body
        .details[0].field,
    ).toBe('drillId');
    expect(
      (await schedule(5, [{ id: v.id, role: 'caller' }], { place: '' }).expect(400)).body.details[0]
        .field,
    ).toBe('place');
    const [outsider] = await t.db.query(
      `SELECT u.id FROM users u WHERE email = 'staff@riverside-university.demo'`,
    );
    expect(
      (await schedule(5, [{ id: outsider.id, role: 'caller' }]).expect(400)).body.details[0].field,
    ).toBe('participants.0.userId');
  });

  it('sends the day-before and hour-before reminders once each, whatever the number of runs', async () => {
    const p = await newMember(t, 'volunteer', 'Remy Reminded');
    const { body } = await schedule(30, [{ id: p.id, role: 'responder' }]).expect(201);
    const job = t.app.get((await import('../src/drills/drill-reminders.job.js')).DrillRemindersJob);
    const mails = async () =>
      (
        await t.db.query(
          `SELECT subject FROM outbox_messages WHERE to_address = $1 ORDER BY created_at`,
          [p.email],
        )
      ).map((r: { subject: string }) => r.subject);
    const reminders = async () =>
      Number(
        (
          await t.db.query(`SELECT count(*) FROM drill_reminders_sent WHERE session_id = $1`, [
            body.id,
          ])
        )[0].count,
      );

    await job.run();
    expect(await mails()).toEqual(['Group drill: Evening tabletop, bus stop']);

    t.clock.advance(7 * HOUR); // 23 hours before
    await Promise.all([job.run(), job.run(), job.run()]);
    await job.run();
    expect(await mails()).toEqual([
      'Group drill: Evening tabletop, bus stop',
      'Tomorrow: Evening tabletop, bus stop',
    ]);

    t.clock.advance(22.5 * HOUR); // 30 minutes before
    await job.run();
    await job.run();
    expect((await mails()).slice(2)).toEqual(['In an hour: Evening tabletop, bus stop']);
    expect(await reminders()).toBe(2);

    // While another instance holds the lock, a run sends nothing.
    const held = t.db.createQueryRunner();
    await held.connect();
    await held.query(`SELECT pg_advisory_lock(hashtext('kindred:drill-reminders'))`);
    const q = await newMember(t, 'volunteer');
    await schedule(0.5, [{ id: q.id, role: 'caller' }]).expect(201);
    expect(await job.run()).toBe(0);
    await held.query(`SELECT pg_advisory_unlock(hashtext('kindred:drill-reminders'))`);
    await held.release();
    expect(await job.run()).toBeGreaterThanOrEqual(1);
    t.clock.advance(-29.5 * HOUR);
  });

  it('runs the drill: injects in order, notes, observer ratings become evidence, a debrief closes it', async () => {
    const facilitator = await newMember(t, 'volunteer', 'Fay Facilitator');
    const observer = await newMember(t, 'volunteer', 'Oli Observer');
    const caller = await newMember(t, 'volunteer', 'Cam Caller');
    const absent = await newMember(t, 'volunteer', 'Abe Absent');
    const { body } = await schedule(2, [
      { id: facilitator.id, role: 'facilitator' },
      { id: observer.id, role: 'observer' },
      { id: caller.id, role: 'caller' },
      { id: absent.id, role: 'responder' },
    ]).expect(201);
    const fac = await t.signIn(facilitator.email);
    const obs = await t.signIn(observer.email);
    const url = `/api/drill-sessions/${body.id}`;

    const first = await fac.agent
      .post(`${url}/injects/release`)
      .set('x-csrf-token', fac.csrf)
      .expect(200);
    expect(first.body).toMatchObject({ status: 'running', released: 1 });
    expect(first.body.injects[0]).toMatchObject({ minute: 5, released: true });
    expect(first.body.injects[1]).toMatchObject({ minute: 20, released: false });
    await fac.agent.post(`${url}/injects/release`).set('x-csrf-token', fac.csrf).expect(200);
    await fac.agent.post(`${url}/injects/release`).set('x-csrf-token', fac.csrf).expect(409);
    const noted = await fac.agent
      .post(`${url}/notes`)
      .set('x-csrf-token', fac.csrf)
      .send({ text: 'The team called 988 together.' })
      .expect(200);
    expect(noted.body.notes[0]).toMatchObject({
      text: 'The team called 988 together.',
      authorName: 'Fay Facilitator',
    });
    await obs.agent
      .post(`${url}/notes`)
      .set('x-csrf-token', obs.csrf)
      .send({ text: 'x' })
      .expect(403);

    const rubric = first.body.rubric[0];
    const scores = rubric.criteria.slice(0, 2).map((c: { id: string }, i: number) => ({
      competencyId: rubric.competencyId,
      criterionId: c.id,
      level: i === 0 ? 'exemplary' : 'proficient',
    }));
    const rated = await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({ participantId: caller.id, attended: true, scores, note: 'Calm voice.' })
      .expect(200);
    expect(rated.body.observations).toEqual([
      {
        participantId: caller.id,
        observerId: observer.id,
        competencyId: rubric.competencyId,
        level: 'proficient',
      },
    ]);
    expect(
      rated.body.participants.find((p: { userId: string }) => p.userId === caller.id).attended,
    ).toBe(true);
    const evidence = await t.db.query(
      `SELECT competency_id, source, actor_id, level, grade::float8 AS grade, note FROM evidence WHERE volunteer_id = $1`,
      [caller.id],
    );
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({
      competency_id: rubric.competencyId,
      source: 'drill',
      actor_id: observer.id,
      level: 'developing',
    });
    expect(evidence[0].grade).toBeCloseTo(2 / 3, 3);
    expect(evidence[0].note).toContain('proficient');

    await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({ participantId: caller.id, attended: true, scores })
      .expect(409);
    const badLevel = await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({
        participantId: absent.id,
        attended: true,
        scores: [{ ...scores[0], level: 'superb' }],
      })
      .expect(400);
    expect(badLevel.body.details[0].field).toBe('scores.0.level');
    const badCriterion = await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({
        participantId: absent.id,
        attended: true,
        scores: [{ ...scores[0], criterionId: 'c99' }],
      })
      .expect(400);
    expect(badCriterion.body.details[0].field).toBe('scores.0.criterionId');
    await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({ participantId: absent.id, attended: false, scores })
      .expect(400);
    const away = await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({ participantId: absent.id, attended: false, scores: [] })
      .expect(200);
    expect(
      away.body.participants.find((p: { userId: string }) => p.userId === absent.id).attended,
    ).toBe(false);
    const cal = await t.signIn(caller.email);
    await cal.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', cal.csrf)
      .send({ participantId: absent.id, attended: true, scores: [] })
      .expect(403);

    const closed = await fac.agent
      .post(`${url}/debrief`)
      .set('x-csrf-token', fac.csrf)
      .send({ summary: 'Good handover; practise naming the tier aloud.' })
      .expect(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      debrief: 'Good handover; practise naming the tier aloud.',
    });
    await fac.agent
      .post(`${url}/notes`)
      .set('x-csrf-token', fac.csrf)
      .send({ text: 'late' })
      .expect(409);
    await obs.agent
      .post(`${url}/observations`)
      .set('x-csrf-token', obs.csrf)
      .send({ participantId: facilitator.id, attended: true, scores: [] })
      .expect(409);
  });
});
