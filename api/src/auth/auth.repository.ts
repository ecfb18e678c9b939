import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { db, first } from '../database/sql.js';
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
    const { entities, raw } = await qb.getRawAndEntities();
    return entities[0]
      ? Object.assign(entities[0], { organizationName: raw[0].organization_name as string })
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
      .getRawAndEntities();
    return entities.map((e, i) =>
      Object.assign(e, { organizationName: raw[i].organization_name as string }),
    );
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
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING id`,
      [email, name, passwordHash],
    );
    return rows[0] ?? null;
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
    await manager.query(`DELETE FROM sessions WHERE sess->'passport'->>'user' = $1`, [userId]);
  }

  /** Failed sign-ins of one account in the current window (null when none, or the window is over). */
  async loginFailures(
    key: string,
    windowSeconds: number,
  ): Promise<{ failures: number; secondsSinceLast: number } | null> {
    const [row] = await this.ds.query<{ failures: number; ago: number }[]>(
      `SELECT failures, extract(epoch FROM now() - last_failure_at)::float8 AS ago FROM account_login_failures
       WHERE key = $1 AND window_start > now() - make_interval(secs => $2)`,
      [key, windowSeconds],
    );
    return row ? { failures: row.failures, secondsSinceLast: Number(row.ago) } : null;
  }

  async countLoginFailure(key: string, windowSeconds: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO account_login_failures AS f (key, failures, window_start, last_failure_at)
       VALUES ($1, 1, now(), now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE f.failures + 1 END,
         window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $2) THEN now() ELSE f.window_start END,
         last_failure_at = now()`,
      [key, windowSeconds],
    );
  }

  async clearLoginFailures(key: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.ds.manager).query(`DELETE FROM account_login_failures WHERE key = $1`, [
      key,
    ]);
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
