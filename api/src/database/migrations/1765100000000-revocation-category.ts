import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 (what employers meet): the public reason category a coordinator chooses when revoking a
 * certificate, kept with the revocation. It is what `/verify` and the holder see; the free-text reason
 * (`state_reason`) stays in the audit log and the coordinator's page. Earlier revocations have none.
 */
export class RevocationCategory1765100000000 implements MigrationInterface {
  name = 'RevocationCategory1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE credentials ADD COLUMN revocation_category text
        CHECK (revocation_category IN ('issued_in_error', 'requirements_no_longer_met', 'holder_request', 'other'));
      ALTER TABLE credentials ADD CONSTRAINT credentials_category_only_when_revoked
        CHECK (revocation_category IS NULL OR state = 'revoked');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credentials DROP COLUMN revocation_category;`);
  }
}
