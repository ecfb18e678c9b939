import nodemailer, { type Transporter } from 'nodemailer';
import { createTestApp, uniqueEmail, type TestApp } from './support/app.js';
import { otherProgram } from './support/security.js';
import { OutboxService } from '../src/notifications/outbox.service.js';

/**
 * Issue 13, account mail with SMTP configured: a reset link is mailed to the person (members of no
 * organization too), built on the configured public origin whatever Host the request names, and it is
 * never filed under an organization, so no coordinator's outbox can hold it. Only the SMTP transport is
 * replaced (the SMTP server is outside the system): nodemailer's stream transport builds the exact message
 * an SMTP server would receive.
 */
let t: TestApp;
let outbox: { transport?: Transporter; deliver(): Promise<number> };
const sent: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    SMTP_URL: 'smtp://mail.invalid:2525',
    PUBLIC_URL: 'https://kindred.example.org',
    // supertest speaks plain HTTP; Secure cookies would not come back to it.
    SECURE_COOKIES: 'false',
  });
  outbox = t.app.get<OutboxService, typeof outbox>(OutboxService);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const send = transport.sendMail.bind(transport);
  transport.sendMail = async (options: Parameters<typeof send>[0]) => {
    const info = await send(options);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a Buffer here (buffer: true)
    sent.push(String(info.message));
    return info;
  };
  outbox.transport = transport;
});
afterAll(() => t.close());

/** A fresh account with the demo password and no membership in any organization. */
async function loner(prefix: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(prefix);
  const [user] = await t.db.query(
    `INSERT INTO users (email, name, password_hash) SELECT $1, 'No Org Yet', password_hash FROM users WHERE email = 'jordan@kindred.demo' RETURNING id`,
    [email],
  );
  return { id: user.id, email };
}

/** Quoted-printable soft line breaks and =3D undone, so a link reads as it will in the mail client. */
const readable = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');

const mailTo = (email: string) => sent.filter((m) => m.includes(`To: ${email}`)).map(readable);

describe('password reset with SMTP configured', () => {
  it('the reset page says the link travels by e-mail', async () => {
    const res = await t.http().get('/api/auth/password-reset').expect(200);
    expect(res.body.delivery).toBe('email');
  });

  it('is sent to a person who belongs to no organization, with no organization on the message', async () => {
    const person = await loner('no-org-reset');
    await t
      .http()
      .post('/api/auth/password-reset')
      .set('x-forwarded-for', '10.213.0.1')
      .send({ email: person.email })
      .expect(202);
    const [row] = await t.db.query(
      `SELECT organization_id, status, kind FROM outbox_messages WHERE to_address = $1`,
      [person.email],
    );
    expect(row).toEqual({ organization_id: null, status: 'pending', kind: 'password-reset' });

    expect(await outbox.deliver()).toBeGreaterThan(0);
    const mails = mailTo(person.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/https:\/\/kindred\.example\.org\/reset-password\/[A-Za-z0-9_-]+/);
    // Sent, so not written to the operator's log as well.
    expect(t.accountMail.some((m) => m.to === person.email)).toBe(false);
    const [after] = await t.db.query(`SELECT status FROM outbox_messages WHERE to_address = $1`, [
      person.email,
    ]);
    expect(after.status).toBe('sent');
  });

  it('a forged Host never reaches the link: it is built on PUBLIC_URL', async () => {
    const person = await loner('forged-host-reset');
    await t
      .http()
      .post('/api/auth/password-reset')
      .set('host', 'evil.example')
      .set('x-forwarded-host', 'evil.example')
      .set('x-forwarded-proto', 'http')
      .set('x-forwarded-for', '10.213.0.2')
      .send({ email: person.email })
      .expect(202);
    await outbox.deliver();
    const [mail] = mailTo(person.email);
    expect(mail).toMatch(/https:\/\/kindred\.example\.org\/reset-password\//);
    expect(mail).not.toContain('evil.example');
  });

  it('never lands in a coordinator’s outbox, even for a member of two organizations', async () => {
    const otherOrg = await otherProgram(t, 'account-mail-smtp-other');
    const member = await loner('two-org-reset');
    const [home] = await t.db.query(
      `SELECT id FROM organizations WHERE slug = 'riverside-peer-network'`,
    );
    for (const org of [home.id, otherOrg])
      await t.db.query(
        `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, 'volunteer')`,
        [member.id, org],
      );
    await t
      .http()
      .post('/api/auth/password-reset')
      .set('x-forwarded-for', '10.213.0.3')
      .send({ email: member.email })
      .expect(202);

    // Filed under no organization: the outbox of every organization is read by organization id.
    const rows = await t.db.query(
      `SELECT organization_id FROM outbox_messages WHERE to_address = $1`,
      [member.email],
    );
    expect(rows).toEqual([{ organization_id: null }]);
    // And with SMTP there is no local outbox for a coordinator to read at all.
    const coordinator = await t.signIn('coordinator@kindred.demo');
    const page = await coordinator.agent.get('/api/outbox');
    expect(page.status).toBe(404);
    expect(JSON.stringify(page.body)).not.toContain('/reset-password/');

    await outbox.deliver();
    expect(mailTo(member.email)).toHaveLength(1);
  });
});
