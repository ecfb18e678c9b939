import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The course catalog (synced from `courses/` at start, one row per content version of a module),
 * enrollments, progress and knowledge-check attempts (evidence lives in 1763790150000).
 */
export class Courses1763790200000 implements MigrationInterface {
  name = 'Courses1763790200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE courses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        title text NOT NULL,
        position int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE modules (
        id text PRIMARY KEY,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE RESTRICT,
        slug text NOT NULL,
        position int NOT NULL,
        title text NOT NULL,
        minutes int NOT NULL CHECK (minutes > 0),
        current_version_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX modules_course ON modules (course_id, position);
      -- A module's content at one hash. Progress and attempts point at the version that was read,
      -- so editing a module adds a row here and never rewrites what a volunteer did.
      CREATE TABLE module_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        module_id text NOT NULL REFERENCES modules(id) ON DELETE RESTRICT,
        content_hash text NOT NULL,
        quiz jsonb NOT NULL,
        pass_mark numeric(4,3) NOT NULL CHECK (pass_mark >= 0 AND pass_mark <= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (module_id, content_hash)
      );
      ALTER TABLE modules ADD CONSTRAINT modules_current_version
        FOREIGN KEY (current_version_id) REFERENCES module_versions(id) ON DELETE RESTRICT;
      CREATE TABLE enrollments (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, course_id)
      );
      CREATE TABLE module_progress (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        module_id text NOT NULL REFERENCES modules(id) ON DELETE RESTRICT,
        module_version_id uuid NOT NULL REFERENCES module_versions(id) ON DELETE RESTRICT,
        status text NOT NULL CHECK (status IN ('started', 'completed')),
        position text CHECK (length(position) <= 200),
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (user_id, module_id)
      );
      CREATE TABLE quiz_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        module_id text NOT NULL REFERENCES modules(id) ON DELETE RESTRICT,
        module_version_id uuid NOT NULL REFERENCES module_versions(id) ON DELETE RESTRICT,
        answers jsonb NOT NULL,
        score int NOT NULL CHECK (score >= 0),
        total int NOT NULL CHECK (total > 0 AND score <= total),
        passed boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX quiz_attempts_user_module ON quiz_attempts (user_id, module_id, created_at);

    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE quiz_attempts;
      DROP TABLE module_progress;
      DROP TABLE enrollments;
      ALTER TABLE modules DROP CONSTRAINT modules_current_version;
      DROP TABLE module_versions;
      DROP TABLE modules;
      DROP TABLE courses;
    `);
  }
}
