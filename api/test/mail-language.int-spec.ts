import { DAY_MS } from '@kindred/certificates';
import { ContentService } from '../src/content/content.service.js';
import { ExpiryJob } from '../src/competencies/expiry.job.js';
import { NotificationsService } from '../src/notifications/notifications.service.js';
import {
  createTestApp,
  lastAccountMail,
  lastMail,
  uniqueEmail,
  type Agent,
  type TestApp,
} from './support/app.js';

// Issue 16: mail about a person's account (password reset, invitation) and their notifications are in
// their language: the saved choice, else the language of the browser they signed in with.
let t: TestApp;
let coordinator: Agent;
let orgId: string;
const PASSWORD = 'a-long-enough-password';

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn('coordinator@kindred.demo');
  orgId = coordinator.user.memberships.find((m) => m.role === 'coordinator')!.organizationId;
});
afterAll(() => t?.close());

async function invite(email: string) {
  const res = await coordinator.agent
    .post('/api/invites')
    .set('x-csrf-token', coordinator.csrf)
    .send({ email, name: 'Tomasa Prueba', role: 'volunteer', organizationId: orgId })
    .expect(201);
  return (res.body as { link: string }).link.split('/invite/')[1];
}

/** A new volunteer who accepted an invitation from a browser speaking `acceptLanguage`. */
async function newPerson(acceptLanguage: string) {
  const email = uniqueEmail('mail-lang');
  const token = await invite(email);
  const res = await t
    .http()
    .post(`/api/invites/${token}/accept`)
    .set('accept-language', acceptLanguage)
    .send({ password: PASSWORD })
    .expect(200);
  return { email, id: (res.body as { user: { id: string } }).user.id };
}

const browserLocale = async (id: string) =>
  (
    await t.db.query<{ browser_locale: string | null }[]>(
      `SELECT browser_locale FROM users WHERE id = $1`,
      [id],
    )
  )[0].browser_locale;

const reset = (email: string) =>
  t.http().post('/api/auth/password-reset').send({ email }).expect(202);

describe('account mail in the recipient’s language', () => {
  it('says a new person’s invitation in English and Spanish (their language is not known yet)', async () => {
    const email = uniqueEmail('invitee');
    await invite(email);
    const mail = await lastMail(t.db, email);
    expect(mail?.subject).toMatch(/invited you to .+ on Kindred \/ .+ te invitó a .+ en Kindred/);
    expect(mail?.text).toContain('Hello Tomasa Prueba,');
    expect(mail?.text).toContain('Hola, Tomasa Prueba:');
    expect(mail?.text).toContain('como voluntario o voluntaria');
  });

  it('keeps the browser’s language from accepting an invitation, and sends the reset in it', async () => {
    const person = await newPerson('es-MX,es;q=0.9,en;q=0.5');
    expect(await browserLocale(person.id)).toBe('es');
    await reset(person.email);
    const mail = lastAccountMail(t, person.email)!;
    expect(mail.text).toContain('Subject: Restablece tu contraseña de Kindred');
    expect(mail.text).toContain('Abre este enlace en los próximos 60 minutos');
    expect(mail.text).not.toContain('Open this link');
  });

  it('updates the browser’s language at sign-in', async () => {
    const person = await newPerson('en-US');
    expect(await browserLocale(person.id)).toBe('en');
    await t
      .http()
      .post('/api/auth/login')
      .set('accept-language', 'es')
      .set('x-forwarded-for', '10.99.16.1')
      .send({ email: person.email, password: PASSWORD })
      .expect(200);
    expect(await browserLocale(person.id)).toBe('es');
    await reset(person.email);
    expect(lastAccountMail(t, person.email)!.text).toContain('Restablece tu contraseña');
  });

  it('lets a saved choice win over the browser', async () => {
    const person = await newPerson('es');
    await t.db.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [person.id]);
    await reset(person.email);
    expect(lastAccountMail(t, person.email)!.text).toContain(
      'Subject: Reset your Kindred password',
    );
  });

  it('invites a person with an account in their language', async () => {
    const person = await newPerson('es');
    await invite(person.email);
    const mail = await lastMail(t.db, person.email);
    expect(mail?.subject).toMatch(/^.+ te invitó a .+ en Kindred$/);
    expect(mail?.text).toContain('Ya tienes una cuenta de Kindred');
    expect(mail?.text).not.toContain('Hello');
  });

  it('says notifications in the browser’s language when no choice is saved', async () => {
    const person = await newPerson('es');
    const notifications = t.app.get(NotificationsService);
    await t.db.transaction((m) =>
      notifications.notify(m, {
        userId: person.id,
        kind: 'wellbeing_checkin',
        says: (lang) => ({ title: lang === 'es' ? 'Hola en español' : 'Hello in English' }),
      }),
    );
    const [row] = await t.db.query<{ title: string }[]>(
      `SELECT title FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [person.id],
    );
    expect(row.title).toBe('Hola en español');
  });
});

describe('competency mail in the recipient’s language', () => {
  it('asks a Spanish supervisor for a sign-off and reminds a Spanish volunteer of its expiry in Spanish', async () => {
    const volunteer = await newPerson('es-US');
    const supervisor = await newPerson('en');
    await t.db.query(`UPDATE memberships SET role = 'supervisor' WHERE user_id = $1`, [
      supervisor.id,
    ]);
    await t.db.query(`UPDATE users SET locale = 'es', name = 'Sara Sup' WHERE id = $1`, [
      supervisor.id,
    ]);
    await coordinator.agent
      .post('/api/cohorts/assignments')
      .set('x-csrf-token', coordinator.csrf)
      .send({ organizationId: orgId, supervisorId: supervisor.id, volunteerId: volunteer.id })
      .expect(201);
    const vol = await t.signIn(volunteer.email, PASSWORD);
    const sup = await t.signIn(supervisor.email, PASSWORD);
    const req = await vol.agent
      .post('/api/me/competencies/TIC.1/signoff-requests')
      .set('x-csrf-token', vol.csrf)
      .send({})
      .expect(201);
    const asked = await lastMail(t.db, supervisor.email);
    const name = t.app.get(ContentService).competency('TIC.1', 'es')!.name;
    expect(asked?.subject).toBe(`Piden tu validación: Tomasa Prueba · TIC.1 ${name}`);
    expect(asked?.text).toContain('Hola, Sara Sup:');
    expect(asked?.text).toContain(`Tomasa Prueba te pide que valides TIC.1 ${name}.`);
    expect(asked?.text).not.toMatch(/Hello|asks you|queue/);

    await sup.agent
      .post(`/api/supervision/requests/${(req.body as { id: string }).id}/decision`)
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
      })
      .expect(200);
    const [{ valid_until }] = await t.db.query<{ valid_until: Date }[]>(
      `SELECT valid_until FROM competency_ratings WHERE volunteer_id = $1 AND competency_id = 'TIC.1'`,
      [volunteer.id],
    );
    const reminder = async () =>
      (
        await t.db.query<{ subject: string; text: string }[]>(
          `SELECT subject, text FROM outbox_messages WHERE to_address = $1 AND kind LIKE 'competency.expir%' ORDER BY created_at DESC LIMIT 1`,
          [volunteer.email],
        )
      )[0];
    try {
      t.clock.advance(new Date(valid_until).getTime() - 6.5 * DAY_MS - t.clock.now().getTime());
      await t.app.get(ExpiryJob).run();
      const soon = await reminder();
      expect(soon.subject).toBe(`TIC.1 ${name} vence en 7 días`);
      expect(soon.text).toMatch(
        /^Hola, Tomasa Prueba:\n\nTu validación de TIC\.1 .+ es válida hasta el \d{1,2} \S+ \d{4}\./,
      );
      t.clock.advance(7 * DAY_MS);
      await t.app.get(ExpiryJob).run();
      const gone = await reminder();
      expect(gone.subject).toBe(`Vencida: TIC.1 ${name}`);
      expect(gone.text).toContain('Pide una nueva validación desde tu mapa de competencias.');
    } finally {
      t.clock.advance(-t.clock.now().getTime() + Date.now());
    }
  });
});
