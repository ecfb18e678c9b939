import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only evidence log competencies build on (the hash-chained audit log is created with the
 * certificates, 1763790300000). The database itself refuses UPDATE, DELETE and TRUNCATE.
 */
export class EvidenceAndAudit1763790150000 implements MigrationInterface {
  name = 'EvidenceAndAudit1763790150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed (write a correcting entry instead)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE TABLE evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        volunteer_id uuid NOT NULL REFERENCES users(id),
        competency_id text NOT NULL,
        source text NOT NULL CHECK (source IN ('module', 'knowledge_check', 'drill', 'observation', 'prior_learning', 'supervision')),
        source_ref text,
        actor_id uuid REFERENCES users(id),
        level text,
        grade numeric(5, 4) CHECK (grade IS NULL OR grade BETWEEN 0 AND 1),
        note text,
        link text,
        corrects_id uuid REFERENCES evidence(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX evidence_volunteer_competency ON evidence (volunteer_id, competency_id, created_at);
      CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_change();
      CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evidence; DROP FUNCTION refuse_change();`);
  }
}
