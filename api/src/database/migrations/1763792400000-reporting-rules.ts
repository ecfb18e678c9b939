import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A program's own reporting rules, shown to its volunteers in the module "When you must share"
 * (courses/peer-roles/04): the US state whose reporting law applies and, in the program's words, who
 * reports and how (the reporting route). Set by the program's coordinators; empty until they do.
 */
export class ReportingRules1763792400000 implements MigrationInterface {
  name = 'ReportingRules1763792400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations
        ADD COLUMN reporting_state text CHECK (reporting_state ~ '^[A-Z]{2}$'),
        ADD COLUMN reporting_route text CHECK (length(reporting_route) BETWEEN 1 AND 2000),
        ADD COLUMN reporting_updated_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organizations
        DROP COLUMN reporting_state, DROP COLUMN reporting_route, DROP COLUMN reporting_updated_at
    `);
  }
}
