import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sql } from 'kysely';
import { affected, db, first } from '../database/sql.js';
import { Invite } from './invite.entity.js';
import { PasswordReset } from './password-reset.entity.js';
import { User } from '../users/user.entity.js';

export interface InviteView extends Invite {
  organizationName: string;
}

@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async insertInvite(invite: Partial<Invite>, manager: EntityManager): Promise<Invite> {
    return manager.getRepository(Invite).save(invite);
  }

  async inviteByHash(
    tokenHash: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<InviteView | null> {
    const qb = (manager ?? this.ds.manager)
      .getRepository(Invite)
      .createQueryBuilder('i')
      .innerJoin('organizations', 'o', 'o.id = i.organization_id')
      .addSelect('o.name', 'organization_name')
      .where('i.token_hash = :tokenHash', { tokenHash });
    if (lock) qb.setLock('pessimistic_write', undefined, ['i']);
    const { entities, raw } = await qb.getRawAndEntities<{ organization_name: string }>();
    return entities[0]
      ? Object.assign(entities[0], { organizationName: raw[0].organization_name })
      : null;
  }

  async invitesFor(organizationIds: string[]): Promise<InviteView[]> {
    if (organizationIds.length === 0) return [];
    const { entities, raw } = await this.ds
      .getRepository(Invite)
      .createQueryBuilder('i')
      .innerJoin('organizations', 'o', 'o.id = i.organization_id')
      .addSelect('o.name', 'organization_name')
      .where('i.organization_id IN (:...organizationIds)', { organizationIds })
      .orderBy('i.created_at', 'DESC')
      .limit(200)
      .getRawAndEntities<{ organization_name: string }>();
    return entities.map((e, i) => Object.assign(e, { organizationName: raw[i].organization_name }));
  }

  async markInviteAccepted(id: string, manager: EntityManager): Promise<void> {
    await manager.update(Invite, { id }, { acceptedAt: new Date() });
  }

  /** A new account for an invitation, or null when the e-mail already has one (which is left as it is). */
  async insertUserForInvite(
    manager: EntityManager,
    email: string,
    name: string,
    passwordHash: string,
  ): Promise<{ id: string } | null> {
    const row = await first(
      manager,
      db
        .insertInto('users')
        .values({ email, name, password_hash: passwordHash })
        .onConflict((oc) => oc.doNothing())
        .returning('id'),
    );
    return row ?? null;
  }

  async insertReset(reset: Partial<PasswordReset>, manager: EntityManager): Promise<void> {
    await manager.getRepository(PasswordReset).save(reset);
  }

  resetByHash(tokenHash: string, manager: EntityManager): Promise<PasswordReset | null> {
    return manager
      .getRepository(PasswordReset)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  async useReset(
    id: string,
    userId: string,
    passwordHash: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(PasswordReset, { id }, { usedAt: new Date() });
    await manager.update(User, { id: userId }, { passwordHash });
    // Signing out everywhere: whoever had the old password loses their sessions.
    await affected(
      manager,
      db.deleteFrom('sessions').where(sql<string>`sess->'passport'->>'user'`, '=', userId),
    );
  }

  /** Failed sign-ins of one account in the current window (null when none, or the window is over). */
  async loginFailures(
    key: string,
    windowSeconds: number,
  ): Promise<{ failures: number; secondsSinceLast: number } | null> {
    const row = await first(
      this.ds,
      db
        .selectFrom('account_login_failures')
        .select([
          'failures',
          sql<number>`extract(epoch FROM now() - last_failure_at)::float8`.as('ago'),
        ])
        .where('key', '=', key)
        .where('window_start', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`),
    );
    return row ? { failures: row.failures, secondsSinceLast: Number(row.ago) } : null;
  }

  async countLoginFailure(key: string, windowSeconds: number): Promise<void> {
    // The window is over: the count starts again at this failure (ON CONFLICT's existing row).
    const windowOver = sql<boolean>`${sql.ref('account_login_failures.window_start')} <= now() - make_interval(secs => ${windowSeconds})`;
    await affected(
      this.ds,
      db
        .insertInto('account_login_failures')
        .values({
          key,
          failures: 1,
          window_start: sql<Date>`now()`,
          last_failure_at: sql<Date>`now()`,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            failures: eb
              .case()
              .when(windowOver)
              .then(1)
              .else(eb('account_login_failures.failures', '+', 1))
              .end(),
            window_start: eb
              .case()
              .when(windowOver)
              .then(sql<Date>`now()`)
              .else(eb.ref('account_login_failures.window_start'))
              .end(),
            last_failure_at: sql<Date>`now()`,
          })),
        ),
    );
  }

  async clearLoginFailures(key: string, manager?: EntityManager): Promise<void> {
    await affected(
      manager ?? this.ds.manager,
      db.deleteFrom('account_login_failures').where('key', '=', key),
    );
  }

  /** The e-mail of an account (disabled ones too), read in the caller's transaction. */
  async emailOf(userId: string, manager?: EntityManager): Promise<string | undefined> {
    const row = await first(
      manager ?? this.ds.manager,
      db.selectFrom('users').select('email').where('id', '=', userId),
    );
    return row?.email;
  }
}
