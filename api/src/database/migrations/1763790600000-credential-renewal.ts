import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automatic issuance and renewal: at most one current (not superseded, not revoked) program certificate
 * per volunteer and program, enforced by the database so two sweeps (or a sweep and a sign-off) running
 * at once cannot both issue. A renewal marks the old certificate superseded before the new row exists,
 * so `superseded_by` is checked at commit (deferred).
 */
export class CredentialRenewal1763790600000 implements MigrationInterface {
  name = 'CredentialRenewal1763790600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE credentials DROP CONSTRAINT credentials_superseded_by_fkey;
      ALTER TABLE credentials ADD CONSTRAINT credentials_superseded_by_fkey
        FOREIGN KEY (superseded_by) REFERENCES credentials(id) DEFERRABLE INITIALLY DEFERRED;
      CREATE UNIQUE INDEX credentials_one_current ON credentials (holder_user_id, program_slug)
        WHERE superseded_by IS NULL AND state <> 'revoked' AND holder_user_id IS NOT NULL AND program_slug IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX credentials_one_current;
      ALTER TABLE credentials DROP CONSTRAINT credentials_superseded_by_fkey;
      ALTER TABLE credentials ADD CONSTRAINT credentials_superseded_by_fkey FOREIGN KEY (superseded_by) REFERENCES credentials(id);
    `);
  }
}
