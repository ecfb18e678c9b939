import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, IsNull } from 'typeorm';
import { affected, db, first, rows } from '../database/sql.js';
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
    const lower = emails.map((e) => e.toLowerCase());
    const found = await rows(
      this.ds,
      db
        .selectFrom('users')
        .select('email')
        .where('email', '=', sql<string>`ANY(${lower}::text[])`),
    );
    return new Set(found.map((r) => r.email));
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async sessionUser(id: string): Promise<SessionUser | null> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('users as u')
        .leftJoin('memberships as m', 'm.user_id', 'u.id')
        .leftJoin('organizations as o', 'o.id', 'm.organization_id')
        .select([
          'u.id',
          'u.email',
          'u.name',
          'u.locale',
          'm.organization_id as organizationId',
          'o.name as organizationName',
          'm.role',
        ])
        .where('u.id', '=', id)
        .where('u.disabled_at', 'is', null)
        .orderBy('o.name')
        .orderBy('m.role')
        .$narrowType<{ role: Role | null }>(),
    );
    if (found.length === 0) return null;
    const [person] = found;
    const memberships: SessionUser['memberships'] = [];
    // A membership row always has its organization (foreign keys); the left joins only leave both
    // empty for someone without any membership.
    for (const r of found) {
      if (r.role && r.organizationId && r.organizationName)
        memberships.push({
          organizationId: r.organizationId,
          organizationName: r.organizationName,
          role: r.role,
        });
    }
    return {
      id: person.id,
      email: person.email,
      name: person.name,
      locale: person.locale,
      memberships,
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
    await affected(
      this.users.manager,
      db
        .updateTable('users')
        .set({ browser_locale: lang })
        .where('id', '=', userId)
        .where(sql<boolean>`browser_locale IS DISTINCT FROM ${lang}`),
    );
  }

  /** The language of mail to this address: the saved choice, else the browser's, else English. */
  async mailLangOf(email: string, manager = this.users.manager): Promise<string | null> {
    const row = await first(
      manager,
      db
        .selectFrom('users')
        .select((eb) => eb.fn.coalesce('locale', 'browser_locale').as('lang'))
        .where('email', '=', email.toLowerCase()),
    );
    return row?.lang ?? null;
  }
}
