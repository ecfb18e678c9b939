import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge checks in progress: the order the items were drawn in (questions and their choices, shuffled
 * on the server for each attempt) and the answers chosen so far, saved as the volunteer goes so a reload
 * keeps them. Submitting turns the draft into a quiz_attempts row, which keeps the order it was drawn in.
 */
export class QuizDrafts1763792200000 implements MigrationInterface {
  name = 'QuizDrafts1763792200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quiz_drafts (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        module_id text NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
        module_version_id uuid NOT NULL REFERENCES module_versions(id) ON DELETE CASCADE,
        item_order jsonb NOT NULL,
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, module_id)
      );
      ALTER TABLE quiz_attempts ADD COLUMN item_order jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE quiz_attempts DROP COLUMN item_order;
      DROP TABLE quiz_drafts;
    `);
  }
}
