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
