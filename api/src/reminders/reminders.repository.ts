import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { withTryLock } from '../common/advisory-lock.js';
import { restingUserIds } from '../common/rest-week.js';
import { affected, db, first, rows } from '../database/sql.js';

/** Every query of evening reminders: the schedules, the browsers' push subscriptions, the evenings sent. */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }

  resting(at: Date): Promise<Set<string>> {
    return restingUserIds(this.ds, at);
  }

  schedule(userId: string) {
    return first(
      this.ds,
      db
        .selectFrom('reminder_schedules')
        .select(['days', 'time', 'time_zone as timeZone', 'snoozed_on as snoozedOn'])
        .where('user_id', '=', userId),
    );
  }

  /** Saves the schedule; a changed schedule forgets an old "not tonight" (it was said about the old one). */
  async saveSchedule(
    userId: string,
    s: { days: string[]; time: string; timeZone: string },
    at: Date,
  ): Promise<void> {
    await rows(
      this.ds,
      db
        .insertInto('reminder_schedules')
        .values({
          user_id: userId,
          days: s.days,
          time: s.time,
          time_zone: s.timeZone,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet((eb) => ({
            days: eb.ref('excluded.days'),
            time: eb.ref('excluded.time'),
            time_zone: eb.ref('excluded.time_zone'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    );
  }

  async snooze(userId: string, evening: string): Promise<void> {
    await rows(
      this.ds,
      db
        .updateTable('reminder_schedules')
        .set({ snoozed_on: evening })
        .where('user_id', '=', userId),
    );
  }

  async sentOn(userId: string, evening: string): Promise<boolean> {
    const row = await first(
      this.ds,
      db
        .selectFrom('evening_reminders_sent')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('evening', '=', sql<Date>`${evening}::date`),
    );
    return row !== undefined;
  }

  /** Everyone with at least one day chosen, with what a reminder needs (active accounts only). */
  active() {
    return rows(
      this.ds,
      db
        .selectFrom('reminder_schedules as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select([
          's.user_id as userId',
          's.days',
          's.time',
          's.time_zone as timeZone',
          's.snoozed_on as snoozedOn',
          'u.email',
          'u.name',
          'u.locale',
          'u.browser_locale as browserLocale',
          // the latest evening reminded, so the sweeps of the next two hours skip them cheaply
          (eb) =>
            eb
              .selectFrom('evening_reminders_sent as e')
              .select((e) => e.fn.max('e.evening').as('m'))
              .whereRef('e.user_id', '=', 's.user_id')
              .as('lastSent'),
        ])
        .where((eb) => eb(eb.fn('cardinality', ['s.days']), '>', 0))
        .where('u.disabled_at', 'is', null),
    );
  }

  /**
   * Claims one person's evening: true for the one transaction whose row went in, false for every other
   * (another instance, a second run). The mail is enqueued in the same transaction, so a claim without its
   * mail never commits.
   */
  async claimEvening(m: EntityManager, userId: string, evening: string, at: Date) {
    const won = await first(
      m,
      db
        .insertInto('evening_reminders_sent')
        .values({ user_id: userId, evening, sent_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'evening']).doNothing())
        .returning('user_id'),
    );
    return won !== undefined;
  }

  subscriptions(userId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('push_subscriptions')
        .select(['id', 'endpoint', 'p256dh', 'auth'])
        .where('user_id', '=', userId)
        .orderBy('created_at'),
    );
  }

  countSubscriptions(userId: string) {
    return first(
      this.ds,
      db
        .selectFrom('push_subscriptions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId),
    );
  }

  /**
   * One device's subscription. An endpoint is one browser profile: when it was saved by someone else (a
   * shared phone, another person signed in), it moves to the person saving it now.
   */
  async saveSubscription(
    userId: string,
    s: { endpoint: string; p256dh: string; auth: string },
    at: Date,
  ): Promise<void> {
    await rows(
      this.ds,
      db
        .insertInto('push_subscriptions')
        .values({
          user_id: userId,
          endpoint: s.endpoint,
          p256dh: s.p256dh,
          auth: s.auth,
          created_at: at,
        })
        .onConflict((oc) =>
          oc.column('endpoint').doUpdateSet((eb) => ({
            user_id: eb.ref('excluded.user_id'),
            p256dh: eb.ref('excluded.p256dh'),
            auth: eb.ref('excluded.auth'),
            created_at: eb.ref('excluded.created_at'),
          })),
        ),
    );
  }

  deleteSubscription(userId: string, endpoint: string): Promise<number> {
    return affected(
      this.ds,
      db
        .deleteFrom('push_subscriptions')
        .where('user_id', '=', userId)
        .where('endpoint', '=', endpoint),
    );
  }

  /** The push service said the subscription is gone (404/410). */
  deleteSubscriptionById(id: string): Promise<number> {
    return affected(this.ds, db.deleteFrom('push_subscriptions').where('id', '=', id));
  }
}
