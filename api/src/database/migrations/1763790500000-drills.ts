import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drills: branching-drill attempts (the path is a snapshot of what was chosen, so later content edits
 * cannot rewrite a debrief), the supervisors' review queue, and scheduled group drills with roles,
 * notes, observer ratings and the reminders already sent (the unique key makes the job idempotent).
 */
export class Drills1763790500000 implements MigrationInterface {
  name = 'Drills1763790500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE drill_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES users(id),
        organization_id uuid REFERENCES organizations(id),
        drill_id text NOT NULL,
        drill_hash text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')),
        current_node text NOT NULL,
        path jsonb NOT NULL DEFAULT '[]',
        score integer NOT NULL DEFAULT 0,
        max_score integer NOT NULL,
        pass_score integer NOT NULL,
        end_node text,
        outcome text,
        passed boolean,
        reflection text,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        finished_at timestamptz
      );
      CREATE INDEX drill_attempts_volunteer ON drill_attempts (volunteer_id, drill_id, started_at);
      CREATE UNIQUE INDEX drill_attempts_one_open ON drill_attempts (volunteer_id, drill_id) WHERE status = 'open';

      CREATE TABLE drill_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        attempt_id uuid NOT NULL UNIQUE REFERENCES drill_attempts(id),
        volunteer_id uuid NOT NULL REFERENCES users(id),
        organization_id uuid REFERENCES organizations(id),
        drill_id text NOT NULL,
        outcome text NOT NULL,
        flags text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        reviewed_at timestamptz,
        reviewed_by uuid REFERENCES users(id)
      );
      CREATE INDEX drill_reviews_open ON drill_reviews (organization_id, created_at) WHERE reviewed_at IS NULL;

      CREATE TABLE drill_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        created_by uuid NOT NULL REFERENCES users(id),
        drill_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('tabletop', 'field')),
        title text NOT NULL,
        injects jsonb NOT NULL DEFAULT '[]',
        starts_at timestamptz NOT NULL,
        minutes integer NOT NULL CHECK (minutes BETWEEN 10 AND 480),
        place text,
        video_url text,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'running', 'closed')),
        started_at timestamptz,
        released integer NOT NULL DEFAULT 0,
        debrief text,
        closed_at timestamptz,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX drill_sessions_org ON drill_sessions (organization_id, starts_at);
      CREATE INDEX drill_sessions_upcoming ON drill_sessions (starts_at) WHERE status = 'scheduled';

      CREATE TABLE drill_session_participants (
        session_id uuid NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        role text NOT NULL CHECK (role IN ('caller', 'responder', 'observer', 'facilitator')),
        attended boolean,
        PRIMARY KEY (session_id, user_id)
      );
      CREATE INDEX drill_session_participants_user ON drill_session_participants (user_id);

      CREATE TABLE drill_session_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        minute integer NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX drill_session_notes_session ON drill_session_notes (session_id, created_at);

      CREATE TABLE drill_observations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES users(id),
        observer_id uuid NOT NULL REFERENCES users(id),
        competency_id text NOT NULL,
        criteria jsonb NOT NULL,
        level text NOT NULL,
        note text,
        created_at timestamptz NOT NULL,
        UNIQUE (session_id, participant_id, observer_id, competency_id)
      );

      CREATE TABLE drill_reminders_sent (
        session_id uuid NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('day', 'hour')),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, user_id, kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE drill_reminders_sent, drill_observations, drill_session_notes, drill_session_participants, drill_sessions, drill_reviews, drill_attempts;`,
    );
  }
}
