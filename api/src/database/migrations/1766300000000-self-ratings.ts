import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20 (before and after): a volunteer's optional self-rating of confidence, 1 to 5, per competency of
 * a course, once at its start and once at its end. A null rating is a competency skipped (or the whole
 * prompt skipped: one null row per competency), so the prompt is not asked again. Only aggregates of
 * people who rated both times leave the API, and only from KINDRED_SUPPRESS_BELOW people.
 */
export class SelfRatings1766300000000 implements MigrationInterface {
  name = 'SelfRatings1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE self_ratings (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        phase text NOT NULL CHECK (phase IN ('start', 'end')),
        competency_id text NOT NULL,
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, course_id, phase, competency_id)
      );
      CREATE INDEX self_ratings_course ON self_ratings (course_id, competency_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE self_ratings`);
  }
}
