import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox attachments: files that travel with an e-mail (e.g. the .ics of a group-drill invitation). They are
 * written in the same transaction as their message, sent as real MIME attachments by SMTP, and readable by the
 * organization's coordinators next to the stored message while no SMTP server is configured.
 */
export class OutboxAttachments1763791000000 implements MigrationInterface {
  name = 'OutboxAttachments1763791000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES outbox_messages(id) ON DELETE CASCADE,
        position int NOT NULL,
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200 AND strpos(filename, '/') = 0 AND strpos(filename, '"') = 0),
        content_type text NOT NULL,
        content bytea NOT NULL,
        UNIQUE (message_id, position)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_attachments`);
  }
}
