import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 (reminders at the volunteer's own evening): the days, time and IANA time zone a person chose,
 * the one evening they said "not tonight" to (`snoozed_on`, a date in their time zone), the browsers that
 * may receive Web Push for them (one row per push endpoint: a device), and one row per person per local
 * evening a reminder went out: its primary key is what stops a second instance, or a second run, from
 * sending the same evening twice.
 */
export class EveningReminders1766200000000 implements MigrationInterface {
  name = 'EveningReminders1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder_schedules (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        days text[] NOT NULL CHECK (days <@ ARRAY['mon','tue','wed','thu','fri','sat','sun']),
        time text NOT NULL CHECK (time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        snoozed_on date,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE push_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        endpoint text NOT NULL UNIQUE CHECK (endpoint ~ '^https://' AND length(endpoint) <= 2000),
        p256dh text NOT NULL CHECK (length(p256dh) <= 200),
        auth text NOT NULL CHECK (length(auth) <= 100),
        created_at timestamptz NOT NULL
      );
      CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
      CREATE TABLE evening_reminders_sent (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        evening date NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, evening)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE evening_reminders_sent; DROP TABLE push_subscriptions; DROP TABLE reminder_schedules`,
    );
  }
}
