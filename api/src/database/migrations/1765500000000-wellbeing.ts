import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21 (peer wellbeing): a volunteer's private check-ins (theirs alone: no other role reads them),
 * debrief requests (what a supervisor sees: that one was asked, how soon, and when it was held, never the
 * answers), the monthly check-in reminders sent, and rest weeks that pause reminders.
 */
export class Wellbeing1765500000000 implements MigrationInterface {
  name = 'Wellbeing1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wellbeing_checkins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        occasion text NOT NULL CHECK (occasion IN ('drill', 'hours', 'monthly', 'self')),
        weight smallint NOT NULL CHECK (weight BETWEEN 1 AND 5),
        sleep smallint NOT NULL CHECK (sleep BETWEEN 1 AND 5),
        someone text NOT NULL CHECK (someone IN ('yes', 'not_sure', 'no')),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        created_at timestamptz NOT NULL
      );
      CREATE INDEX wellbeing_checkins_user ON wellbeing_checkins (user_id, created_at);

      CREATE TABLE debrief_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        within text NOT NULL CHECK (within IN ('days', 'week', 'weeks')),
        asked_at timestamptz NOT NULL,
        held_at timestamptz,
        held_by uuid REFERENCES users(id),
        session_id uuid REFERENCES supervision_sessions(id),
        CHECK ((held_at IS NULL) = (held_by IS NULL))
      );
      CREATE UNIQUE INDEX debrief_requests_one_open ON debrief_requests (volunteer_id) WHERE held_at IS NULL;

      CREATE TABLE wellbeing_reminders_sent (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, month)
      );

      CREATE TABLE rest_weeks (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        starts_on date NOT NULL,
        ends_on date NOT NULL CHECK (ends_on >= starts_on - 1 AND ends_on <= starts_on + 6),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, starts_on)
      );

      ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('signoff_decided', 'practice_asked', 'hours_verified', 'hours_returned', 'certificate_issued', 'certificate_awaiting', 'drill_reminder', 'wellbeing_checkin', 'debrief_asked'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notifications WHERE kind IN ('wellbeing_checkin', 'debrief_asked');
      ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('signoff_decided', 'practice_asked', 'hours_verified', 'hours_returned', 'certificate_issued', 'certificate_awaiting', 'drill_reminder'));
      DROP TABLE rest_weeks, wellbeing_reminders_sent, debrief_requests, wellbeing_checkins;
    `);
  }
}
