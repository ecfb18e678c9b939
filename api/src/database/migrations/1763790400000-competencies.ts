import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Competencies: cohorts (supervisor assignments), the current rating per volunteer and competency (derived
 * from the evidence log, stored so the cohort matrix and the expiry job read one small row each), sign-off
 * requests and decisions, the private supervision log, and the reminders already sent (idempotent job).
 */
export class Competencies1763790400000 implements MigrationInterface {
  name = 'Competencies1763790400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervisor_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        supervisor_id uuid NOT NULL REFERENCES users(id),
        volunteer_id uuid NOT NULL REFERENCES users(id),
        assigned_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT supervisor_assignments_one_per_org UNIQUE (organization_id, volunteer_id),
        CONSTRAINT supervisor_assignments_not_self CHECK (supervisor_id <> volunteer_id)
      );
      CREATE INDEX supervisor_assignments_supervisor ON supervisor_assignments (supervisor_id, volunteer_id);

      CREATE TABLE competency_ratings (
        volunteer_id uuid NOT NULL REFERENCES users(id),
        competency_id text NOT NULL,
        level text NOT NULL,
        status text NOT NULL CHECK (status IN ('current', 'expired')),
        evidence_ids uuid[] NOT NULL DEFAULT '{}',
        signed_off_by uuid REFERENCES users(id),
        signed_off_at timestamptz,
        valid_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (volunteer_id, competency_id)
      );
      CREATE INDEX competency_ratings_valid_until ON competency_ratings (valid_until) WHERE status = 'current' AND valid_until IS NOT NULL;

      CREATE TABLE signoff_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES users(id),
        competency_id text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('volunteer', 'auto')),
        status text NOT NULL CHECK (status IN ('open', 'practice', 'signed_off')),
        reflection text,
        prior_learning_evidence_id uuid REFERENCES evidence(id),
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by uuid REFERENCES users(id),
        level text,
        scores jsonb,
        comment text,
        practice text,
        observation_evidence_id uuid REFERENCES evidence(id)
      );
      CREATE UNIQUE INDEX signoff_requests_one_open ON signoff_requests (volunteer_id, competency_id) WHERE status = 'open';
      CREATE INDEX signoff_requests_open ON signoff_requests (created_at) WHERE status = 'open';
      CREATE INDEX signoff_requests_volunteer ON signoff_requests (volunteer_id, created_at);

      CREATE TABLE supervision_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        supervisor_id uuid NOT NULL REFERENCES users(id),
        volunteer_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('session', 'debrief')),
        held_on date NOT NULL,
        topics text[] NOT NULL DEFAULT '{}',
        wellbeing smallint NOT NULL CHECK (wellbeing BETWEEN 1 AND 5),
        private_notes text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX supervision_sessions_pair ON supervision_sessions (volunteer_id, supervisor_id, held_on);

      CREATE TABLE reminders_sent (
        volunteer_id uuid NOT NULL REFERENCES users(id),
        competency_id text NOT NULL,
        valid_until timestamptz NOT NULL,
        kind text NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (volunteer_id, competency_id, valid_until, kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE reminders_sent; DROP TABLE supervision_sessions; DROP TABLE signoff_requests; DROP TABLE competency_ratings; DROP TABLE supervisor_assignments;`,
    );
  }
}
