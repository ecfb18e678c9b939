import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (trust boundaries):
 * - account_login_failures: failed sign-ins per account from all addresses together (the per-account
 *   ceiling: past it, sign-in backs off, it does not lock out). Keyed by a hash of the e-mail.
 * - organizations.allow_unrevocable_credentials: an organization must opt in before an API client may issue
 *   a credential without status entries (which can never be revoked or suspended).
 * - presentation_challenges: challenges a verifier asks a holder to sign; each is usable once.
 */
export class TrustBoundaries1763792500000 implements MigrationInterface {
  name = 'TrustBoundaries1763792500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_login_failures (
        key text PRIMARY KEY,
        failures int NOT NULL,
        window_start timestamptz NOT NULL,
        last_failure_at timestamptz NOT NULL
      );
      ALTER TABLE organizations ADD COLUMN allow_unrevocable_credentials boolean NOT NULL DEFAULT false;
      CREATE TABLE presentation_challenges (
        challenge text PRIMARY KEY,
        domain text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE presentation_challenges;
      ALTER TABLE organizations DROP COLUMN allow_unrevocable_credentials;
      DROP TABLE account_login_failures;
    `);
  }
}
