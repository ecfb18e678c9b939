// Reminders at the volunteer's own evening (issue 19): the schedule on /me is validated (400 naming the field,
// in Spanish too), the job sends one e-mail and one push per due person per local evening even when two
// instances race, "not tonight" skips one evening only, time zones are the person's own, and a subscription
// the push service answers 410 is deleted.
//
// The only thing not real is the browser vendor's push service: a local HTTPS server stands in for it, and
// web-push sends it real requests. The test holds each subscription's private key (node:crypto ECDH, as a
// browser does), so it checks the VAPID signature and decrypts the body (RFC 8291, aes128gcm) itself.
import { execFileSync } from 'node:child_process';
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EveningReminderJob, EVENING_LOCK } from '../src/reminders/evening-reminder.job.js';
import { createTestApp, type Agent as SignedIn, type TestApp } from './support/app.js';
import { newVolunteer } from './support/learners.js';

interface PushRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let one: TestApp;
let two: TestApp;
let pushServer: Server;
let pushOrigin: string;
const received: PushRequest[] = [];
/** Paths the stand-in push service answers 410 Gone (the browser dropped the subscription). */
const gonePaths = new Set<string>();

/** A self-signed certificate for 127.0.0.1, made by openssl, so the stand-in speaks HTTPS as real ones do. */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-push-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

beforeAll(async () => {
  const tls = certificate();
  pushServer = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(gonePaths.has(path) ? 410 : 201).end();
    });
  });
  await new Promise<void>((resolve) => pushServer.listen(0, '127.0.0.1', resolve));
  pushOrigin = `https://127.0.0.1:${(pushServer.address() as AddressInfo).port}`;
  const pushAgent = new Agent({ ca: tls.cert });
  // Two instances on one database, as behind a load balancer: each has its own job and clock.
  one = await createTestApp({}, { pushAgent });
  two = await createTestApp({}, { pushAgent });
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  await new Promise<void>((resolve) => pushServer?.close(() => resolve()));
});

/** Puts both instances' clocks at one instant. */
function at(iso: string): void {
  for (const t of [one, two]) t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
}

/** A browser's subscription: its own P-256 key pair and auth secret, as PushManager.subscribe() makes. */
function browser(path: string): { ecdh: ECDH; auth: Buffer; endpoint: string; body: object } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const endpoint = `${pushOrigin}${path}`;
  return {
    ecdh,
    auth,
    endpoint,
    body: {
      endpoint,
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: auth.toString('base64url'),
    },
  };
}

/** Decrypts a Web Push body (RFC 8291 / RFC 8188 aes128gcm, one record) with the browser's keys. */
function decrypt(body: Buffer, b: { ecdh: ECDH; auth: Buffer }): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = b.ecdh.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), b.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, b.auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // the last record ends with the delimiter 0x02, then zero padding
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  expect(padded[end]).toBe(2);
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID Authorization header (RFC 8292): an ES256 JWT for the push service's origin. */
function checkVapid(headers: PushRequest['headers'], publicKey: string): void {
  const m = /^vapid t=([^,]+), k=(\S+)$/.exec(String(headers.authorization));
  expect(m).not.toBeNull();
  const [, jwt, k] = m!;
  expect(k).toBe(publicKey);
  const [h, p, sig] = jwt.split('.');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  expect(
    verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(sig, 'base64url'),
    ),
  ).toBe(true);
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  expect(claims.aud).toBe(pushOrigin);
  expect(String(claims.sub)).toMatch(/^mailto:|^https:/);
  expect(headers['content-encoding']).toBe('aes128gcm');
  expect(Number(headers.ttl)).toBeGreaterThan(0);
}

async function mailsTo(email: string) {
  return one.db.query<{ subject: string; text: string }[]>(
    `SELECT subject, text FROM outbox_messages WHERE to_address = $1 AND kind = 'reminder.evening' ORDER BY created_at`,
    [email],
  );
}

const pushesTo = (path: string) => received.filter((r) => r.path === path);

describe('the schedule on /me', () => {
  let vol: SignedIn;
  beforeAll(async () => {
    vol = await newVolunteer(one, 'Schedule Checker');
  });

  it('is saved and read back, days in week order', async () => {
    const empty = await vol.agent.get('/api/me/reminders');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ days: [], time: null, timeZone: null });
    expect(empty.body.push.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const saved = await vol.agent
      .put('/api/me/reminders')
      .set('x-csrf-token', vol.csrf)
      .send({ days: ['thu', 'mon'], time: '20:15', timeZone: 'Europe/Madrid' });
    expect(saved.status).toBe(200);
    const read = await vol.agent.get('/api/me/reminders');
    expect(read.body).toMatchObject({
      days: ['mon', 'thu'],
      time: '20:15',
      timeZone: 'Europe/Madrid',
    });
  });

  it.each([
    [{ days: ['mon'], time: '25:00', timeZone: 'UTC' }, 'time', /time of day/],
    [{ days: ['mon'], time: '7pm', timeZone: 'UTC' }, 'time', /time of day/],
    [{ days: ['funday'], time: '19:00', timeZone: 'UTC' }, 'days', /one of mon/],
    [{ days: 'mon', time: '19:00', timeZone: 'UTC' }, 'days', /list/],
    [{ days: ['mon'], time: '19:00', timeZone: 'Mars/Olympus_Mons' }, 'timeZone', /IANA/],
    [{ days: ['mon'], time: '19:00', timeZone: '+02:00' }, 'timeZone', /IANA/],
  ])('refuses %j with 400 naming the field', async (body, field, said) => {
    const res = await vol.agent.put('/api/me/reminders').set('x-csrf-token', vol.csrf).send(body);
    expect(res.status).toBe(400);
    const problem = (res.body.details as { field: string; messages: string[] }[]).find(
      (d) => d.field === field,
    );
    expect(problem?.messages.join(' ')).toMatch(said);
    // nothing of the bad request was kept
    expect((await vol.agent.get('/api/me/reminders')).body.time).toBe('20:15');
  });

  it('says the problems in Spanish to a Spanish reader', async () => {
    const res = await vol.agent
      .put('/api/me/reminders')
      .set('x-csrf-token', vol.csrf)
      .set('accept-language', 'es')
      .send({ days: ['funday'], time: '25:00', timeZone: 'Mars/Olympus_Mons' });
    expect(res.status).toBe(400);
    const said = Object.fromEntries(
      (res.body.details as { field: string; messages: string[] }[]).map((d) => [
        d.field,
        d.messages.join(' '),
      ]),
    );
    expect(said.time).toMatch(/debe ser una hora del día/);
    expect(said.timeZone).toMatch(/debe ser una zona horaria IANA/);
    expect(said.days).toMatch(/debe ser uno de estos valores/);
  });

  it('refuses a push subscription that is not https or whose keys are not keys', async () => {
    const good = browser('/push/validation');
    const bad = [
      [{ ...good.body, endpoint: 'http://push.example/x' }, 'endpoint'],
      [{ ...good.body, p256dh: 'A'.repeat(87) }, 'p256dh'],
      [{ ...good.body, auth: 'short' }, 'auth'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await vol.agent
        .post('/api/me/push-subscriptions')
        .set('x-csrf-token', vol.csrf)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const ok = await vol.agent
      .post('/api/me/push-subscriptions')
      .set('x-csrf-token', vol.csrf)
      .send(good.body);
    expect(ok.status).toBe(204);
    expect((await vol.agent.get('/api/me/reminders')).body.push.devices).toBe(1);
    // another person cannot remove it
    const other = await newVolunteer(one, 'Someone Else');
    const theirs = await other.agent
      .delete('/api/me/push-subscriptions')
      .set('x-csrf-token', other.csrf)
      .send({ endpoint: good.endpoint });
    expect(theirs.body).toEqual({ removed: 0 });
    const mine = await vol.agent
      .delete('/api/me/push-subscriptions')
      .set('x-csrf-token', vol.csrf)
      .send({ endpoint: good.endpoint });
    expect(mine.body).toEqual({ removed: 1 });
    // turned off: no days
    await vol.agent
      .put('/api/me/reminders')
      .set('x-csrf-token', vol.csrf)
      .send({ days: [], time: '20:15', timeZone: 'Europe/Madrid' });
  });
});

describe('the evening job', () => {
  let ny: SignedIn;
  let la: SignedIn;
  let nyEmail: string;
  let laEmail: string;
  // made in beforeAll, once the stand-in push service has its address
  let nyPhone: ReturnType<typeof browser>;
  let laPhone: ReturnType<typeof browser>;
  let laOldTablet: ReturnType<typeof browser>;
  let publicKey: string;
  let spanishFirst: string;
  let englishFirst: string;

  beforeAll(async () => {
    nyPhone = browser('/push/ny-phone');
    laPhone = browser('/push/la-phone');
    laOldTablet = browser('/push/la-old-tablet');
    ny = await newVolunteer(one, 'Nia York');
    la = await newVolunteer(one, 'Luis Ángel');
    [{ email: nyEmail }] = await one.db.query(`SELECT email FROM users WHERE id = $1`, [
      ny.user.id,
    ]);
    [{ email: laEmail }] = await one.db.query(`SELECT email FROM users WHERE id = $1`, [
      la.user.id,
    ]);
    // Luis reads Spanish: his mail language is his saved choice.
    await one.db.query(`UPDATE users SET locale = 'es' WHERE id = $1`, [la.user.id]);
    for (const v of [ny, la]) {
      const r = await v.agent
        .post('/api/courses/crisis-de-escalation/enrollment')
        .set('x-csrf-token', v.csrf);
      expect(r.status).toBe(200);
    }
    const es = await la.agent.get('/api/courses/crisis-de-escalation?lang=es');
    const en = await ny.agent.get('/api/courses/crisis-de-escalation?lang=en');
    spanishFirst = es.body.modules[0].title;
    englishFirst = en.body.modules[0].title;
    expect(spanishFirst).not.toBe(englishFirst);
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
    for (const [v, timeZone] of [
      [ny, 'America/New_York'],
      [la, 'America/Los_Angeles'],
    ] as const) {
      const r = await v.agent
        .put('/api/me/reminders')
        .set('x-csrf-token', v.csrf)
        .send({ days: weekdays, time: '19:30', timeZone });
      expect(r.status).toBe(200);
      publicKey = r.body.push.publicKey;
    }
    for (const [v, b] of [
      [ny, nyPhone],
      [la, laPhone],
      [la, laOldTablet],
    ] as const) {
      const r = await v.agent
        .post('/api/me/push-subscriptions')
        .set('x-csrf-token', v.csrf)
        .send(b.body);
      expect([r.status, r.body]).toEqual([204, {}]);
    }
    gonePaths.add('/push/la-old-tablet');
  });

  it('sends nothing before the evening', async () => {
    at('2026-12-07T23:00:00Z'); // Monday 18:00 in New York, 15:00 in Los Angeles
    await one.app.get(EveningReminderJob).run();
    expect(await mailsTo(nyEmail)).toHaveLength(0);
    expect(await mailsTo(laEmail)).toHaveLength(0);
  });

  it('reminds New York at 19:30 there, once, though two instances race', async () => {
    at('2026-12-08T00:31:00Z'); // Monday 19:31 in New York, 16:31 in Los Angeles
    const jobs = [one, two].map((t) => t.app.get(EveningReminderJob));
    // Without the advisory lock (the per-evening key alone), then with it, twice each.
    await Promise.all(jobs.map((j) => j.sweep()));
    await Promise.all(jobs.map((j) => j.run()));
    await jobs[1].sweep();
    const mails = await mailsTo(nyEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Tonight on Kindred: ${englishFirst}`);
    expect(mails[0].text).toMatch(/^Hello Nia York,/);
    expect(mails[0].text).toContain('/learn/modules/');
    expect(mails[0].text).toMatch(
      /Not tonight\? Skip the next reminder:\nhttp\S+\/learn#not-tonight/,
    );
    expect(await mailsTo(laEmail)).toHaveLength(0);

    const pushes = pushesTo('/push/ny-phone');
    expect(pushes).toHaveLength(1);
    checkVapid(pushes[0].headers, publicKey);
    const payload = JSON.parse(decrypt(pushes[0].body, nyPhone)) as Record<string, string>;
    expect(payload).toMatchObject({
      title: 'Time for Kindred',
      url: '/learn',
      skip: 'Skip the next one',
    });
    expect(payload.body).toContain(englishFirst);
  });

  it('reminds Los Angeles three hours later, in Spanish, and drops the device that is gone', async () => {
    at('2026-12-08T03:30:00Z'); // Monday 19:30 in Los Angeles, 22:30 in New York
    await Promise.all([one, two].map((t) => t.app.get(EveningReminderJob).sweep()));
    const mails = await mailsTo(laEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Esta noche en Kindred: ${spanishFirst}`);
    expect(mails[0].text).toMatch(/^Hola, Luis Ángel:/);
    expect(mails[0].text).toContain('¿Esta noche no?');
    expect(await mailsTo(nyEmail)).toHaveLength(1);

    const phone = pushesTo('/push/la-phone');
    expect(phone).toHaveLength(1);
    checkVapid(phone[0].headers, publicKey);
    const payload = JSON.parse(decrypt(phone[0].body, laPhone)) as Record<string, string>;
    expect(payload.title).toBe('Hora de Kindred');
    expect(payload.skip).toBe('Saltar el próximo');
    expect(payload.body).toContain(spanishFirst);
    // The push service answered 410 for the old tablet: it was tried once, and is gone.
    expect(pushesTo('/push/la-old-tablet')).toHaveLength(1);
    const [{ n }] = await one.db.query(
      `SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = $1`,
      [la.user.id],
    );
    expect(n).toBe(1);
    expect((await la.agent.get('/api/me/reminders')).body.push.devices).toBe(1);
  });

  it('"not tonight" skips one evening only', async () => {
    at('2026-12-08T17:00:00Z'); // Tuesday noon in New York
    const before = await ny.agent.get('/api/me/reminders');
    expect(before.body.nextToSkip).toBe('2026-12-08');
    const snoozed = await ny.agent.post('/api/me/reminders/snooze').set('x-csrf-token', ny.csrf);
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.skipping).toBe('2026-12-08');

    at('2026-12-09T00:35:00Z'); // Tuesday 19:35 in New York
    await one.app.get(EveningReminderJob).run();
    expect(await mailsTo(nyEmail)).toHaveLength(1);
    expect(pushesTo('/push/ny-phone')).toHaveLength(1);

    at('2026-12-10T00:35:00Z'); // Wednesday 19:35 in New York
    await one.app.get(EveningReminderJob).run();
    expect(await mailsTo(nyEmail)).toHaveLength(2);
    expect(pushesTo('/push/ny-phone')).toHaveLength(2);
    expect((await ny.agent.get('/api/me/reminders')).body.skipping).toBeNull();
  });

  it('after tonight’s reminder, "not tonight" skips the next chosen evening', async () => {
    // Wednesday 19:40 in New York: tonight's went out, so the next is Thursday's.
    at('2026-12-10T00:40:00Z');
    const r = await ny.agent.post('/api/me/reminders/snooze').set('x-csrf-token', ny.csrf);
    expect(r.body.skipping).toBe('2026-12-10');
  });

  it('another instance holding the lock means this one sweeps nothing', async () => {
    at('2026-12-10T03:31:00Z'); // Wednesday 19:31 in Los Angeles
    const other = one.db.createQueryRunner();
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [EVENING_LOCK]);
    expect(await two.app.get(EveningReminderJob).run()).toMatchObject({ ran: false });
    await other.query('SELECT pg_advisory_unlock($1)', [EVENING_LOCK]);
    await other.release();
    expect(await mailsTo(laEmail)).toHaveLength(1);
    await two.app.get(EveningReminderJob).run();
    expect(await mailsTo(laEmail)).toHaveLength(2);
  });

  it('a snooze without any evening chosen is refused, naming days', async () => {
    const v = await newVolunteer(one, 'No Days');
    const r = await v.agent.post('/api/me/reminders/snooze').set('x-csrf-token', v.csrf);
    expect(r.status).toBe(400);
    expect(r.body.details[0].field).toBe('days');
  });
});
