import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pathway ledger (issue 8): supervised practice hours (verified or returned by the volunteer's own
 * supervisor) and the continuing-education ledger (Kindred modules counted automatically, external
 * training approved by a coordinator). Only verified hours and approved CE rows count toward a pathway;
 * the pathway engine reads these tables, it never writes them.
 */
export class PathwayLedger1763790700000 implements MigrationInterface {
  name = 'PathwayLedger1763790700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE practice_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        volunteer_user_id uuid NOT NULL REFERENCES users(id),
        worked_on date NOT NULL,
        hours numeric(4,2) NOT NULL CHECK (hours > 0 AND hours <= 24),
        setting text NOT NULL,
        category text NOT NULL,
        reflection text,
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','verified','returned')),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        review_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX practice_hours_volunteer ON practice_hours (volunteer_user_id, status, worked_on);
      CREATE INDEX practice_hours_queue ON practice_hours (organization_id, worked_on) WHERE status = 'submitted';

      CREATE TABLE ce_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        user_id uuid NOT NULL REFERENCES users(id),
        source text NOT NULL CHECK (source IN ('kindred','external')),
        title text NOT NULL,
        provider text,
        category text NOT NULL,
        hours numeric(5,2) NOT NULL CHECK (hours > 0 AND hours <= 200),
        completed_on date NOT NULL,
        course_slug text,
        module_slug text,
        evidence_url text,
        evidence_file_name text,
        evidence_file bytea,
        evidence_file_type text,
        status text NOT NULL CHECK (status IN ('pending','approved','rejected')),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        review_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, source, course_slug, module_slug),
        CHECK (source <> 'kindred' OR (course_slug IS NOT NULL AND status = 'approved')),
        CHECK (evidence_file IS NULL OR octet_length(evidence_file) <= 2097152)
      );
      CREATE INDEX ce_entries_user ON ce_entries (user_id, status, completed_on);
      CREATE INDEX ce_entries_pending ON ce_entries (organization_id, created_at) WHERE status = 'pending';
      -- UNIQUE treats NULLs as distinct: a course-level Kindred row (module_slug NULL) must still be unique.
      CREATE UNIQUE INDEX ce_entries_kindred_once ON ce_entries (user_id, course_slug, coalesce(module_slug, '')) WHERE source = 'kindred';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ce_entries; DROP TABLE practice_hours;`);
  }
}
