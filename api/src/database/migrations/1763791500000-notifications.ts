import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications (what happened that concerns a person: a sign-off decided, hours verified, a certificate
 * issued or waiting for the university, a drill session coming up), written in the same transaction as the event,
 * and each person's choice of which of them also come by e-mail (no row: yes).
 */
export class Notifications1763791500000 implements MigrationInterface {
  name = 'Notifications1763791500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('signoff_decided', 'practice_asked', 'hours_verified', 'hours_returned', 'certificate_issued', 'certificate_awaiting', 'drill_reminder')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        body text NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
        link text CHECK (link IS NULL OR (link LIKE '/%' AND link NOT LIKE '//%')),
        created_at timestamptz NOT NULL,
        read_at timestamptz
      );
      CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
      CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        email boolean NOT NULL,
        PRIMARY KEY (user_id, kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preferences; DROP TABLE notifications;`);
  }
}
