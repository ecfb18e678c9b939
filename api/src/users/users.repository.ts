import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { User } from './user.entity.js';
import type { SessionUser } from '../common/session-user.js';
import type { Role } from '../organizations/membership.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get users() {
    return this.ds.getRepository(User);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.toLowerCase(), disabledAt: IsNull() });
  }

  /** Which of these e-mails have an account (disabled ones too). */
  async existingEmails(emails: string[]): Promise<Set<string>> {
    if (!emails.length) return new Set();
    const rows: { email: string }[] = await this.users.manager.query(
      `SELECT email FROM users WHERE email = ANY($1::text[])`,
      [emails.map((e) => e.toLowerCase())],
    );
    return new Set(rows.map((r) => r.email));
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async sessionUser(id: string): Promise<SessionUser | null> {
    const rows: {
      id: string;
      email: string;
      name: string;
      locale: string | null;
      organization_id: string | null;
      organization_name: string | null;
      role: Role | null;
    }[] = await this.ds.query(
      `SELECT u.id, u.email, u.name, u.locale, m.organization_id, o.name AS organization_name, m.role
           FROM users u
           LEFT JOIN memberships m ON m.user_id = u.id
           LEFT JOIN organizations o ON o.id = m.organization_id
          WHERE u.id = $1 AND u.disabled_at IS NULL
          ORDER BY o.name, m.role`,
      [id],
    );
    if (rows.length === 0) return null;
    const [first] = rows;
    return {
      id: first.id,
      email: first.email,
      name: first.name,
      locale: first.locale,
      memberships: rows
        .filter((r) => r.role)
        .map((r) => ({
          organizationId: r.organization_id!,
          organizationName: r.organization_name!,
          role: r.role!,
        })),
    };
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
  }

  async setLocale(userId: string, locale: string): Promise<void> {
    await this.users.update({ id: userId }, { locale });
  }

  /** The browser's language, as last seen (sign-in, accepting an invitation). */
  async setBrowserLocale(userId: string, lang: string): Promise<void> {
    await this.users.manager.query(
      `UPDATE users SET browser_locale = $2 WHERE id = $1 AND browser_locale IS DISTINCT FROM $2`,
      [userId, lang],
    );
  }

  /** The language of mail to this address: the saved choice, else the browser's, else English. */
  async mailLangOf(email: string, manager = this.users.manager): Promise<string | null> {
    const [row] = await manager.query<{ lang: string | null }[]>(
      `SELECT coalesce(locale, browser_locale) AS lang FROM users WHERE email = $1`,
      [email.toLowerCase()],
    );
    return row?.lang ?? null;
  }
}
