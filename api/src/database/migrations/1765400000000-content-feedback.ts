import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 (learning loops): volunteers' one-tap feedback on a module or a drill.
 * - content_feedback: what was said, about which content version, for which program; no person, no
 *   timestamp finer than the month (a day could be matched against a completion), random ids.
 * - content_feedback_given: that a person gave feedback on a version (so they are asked once), without
 *   what they said. No column links the two tables.
 */
export class ContentFeedback1765400000000 implements MigrationInterface {
  name = 'ContentFeedback1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE content_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
        subject_kind text NOT NULL CHECK (subject_kind IN ('module', 'drill')),
        subject_id text NOT NULL,
        content_version text NOT NULL,
        choice text NOT NULL CHECK (choice IN ('clear', 'too_hard', 'upsetting', 'not_useful')),
        comment text CHECK (length(comment) BETWEEN 1 AND 1000),
        given_month date NOT NULL CHECK (extract(day FROM given_month) = 1)
      );
      CREATE INDEX content_feedback_subject
        ON content_feedback (organization_id, subject_kind, subject_id, content_version);
      CREATE TABLE content_feedback_given (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        subject_kind text NOT NULL CHECK (subject_kind IN ('module', 'drill')),
        subject_id text NOT NULL,
        content_version text NOT NULL,
        PRIMARY KEY (user_id, subject_kind, subject_id, content_version)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE content_feedback_given; DROP TABLE content_feedback;`);
  }
}
