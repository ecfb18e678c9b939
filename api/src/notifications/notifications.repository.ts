import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, db, first, rows } from '../database/sql.js';
import type { NotificationKind } from './notification-kinds.js';

/** Every query of in-app notifications and the per-kind e-mail preferences. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** The recipient and whether they want this kind by e-mail (yes unless they turned it off). */
  recipient(m: EntityManager, userId: string, kind: NotificationKind) {
    return first(
      m,
      db
        .selectFrom('users as u')
        .leftJoin('notification_preferences as p', (j) =>
          j.onRef('p.user_id', '=', 'u.id').on('p.kind', '=', kind),
        )
        .select((eb) => [
          'u.email',
          'u.name',
          eb.fn.coalesce('u.locale', 'u.browser_locale').as('locale'),
          eb.fn.coalesce('p.email', sql<boolean>`true`).as('mail'),
        ])
        .where('u.id', '=', userId),
    );
  }

  async insert(
    m: EntityManager,
    n: {
      userId: string;
      kind: NotificationKind;
      title: string;
      body: string;
      link: string | null;
      at: Date;
    },
  ): Promise<void> {
    await rows(
      m,
      db.insertInto('notifications').values({
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        created_at: n.at,
      }),
    );
  }

  /** The newest hundred. */
  list(userId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('notifications')
        .select([
          'id',
          'kind',
          'title',
          'body',
          'link',
          'created_at as createdAt',
          'read_at as readAt',
        ])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(100)
        .$narrowType<{ kind: NotificationKind }>(),
    );
  }

  async unread(userId: string): Promise<number> {
    const row = await first(
      this.ds,
      db
        .selectFrom('notifications')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null),
    );
    return row?.n ?? 0;
  }

  /** Marks one of the person's own notifications read; false when they have none with that id. */
  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const n = await affected(
      this.ds,
      db
        .updateTable('notifications')
        .set((eb) => ({ read_at: eb.fn.coalesce('read_at', sql<Date>`${at}::timestamptz`) }))
        .where('id', '=', id)
        .where('user_id', '=', userId),
    );
    return n > 0;
  }

  markAllRead(userId: string, at: Date): Promise<number> {
    return affected(
      this.ds,
      db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null),
    );
  }

  preferences(userId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('notification_preferences')
        .select(['kind', 'email'])
        .where('user_id', '=', userId),
    );
  }

  async setPreference(m: EntityManager, userId: string, kind: string, email: boolean) {
    await rows(
      m,
      db
        .insertInto('notification_preferences')
        .values({ user_id: userId, kind, email })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'kind'])
            .doUpdateSet((eb) => ({ email: eb.ref('excluded.email') })),
        ),
    );
  }
}
