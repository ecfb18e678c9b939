import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (taking a certificate to a wallet): a holder's one-use, expiring VC-API exchange. The wallet
 * holds the token (in the exchange URL of a QR code or deep link); only its sha256 is stored, so the table
 * alone cannot be used to take anyone's certificate. `completed_at` is set once, when the wallet has it.
 */
export class WalletExchanges1765800000000 implements MigrationInterface {
  name = 'WalletExchanges1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wallet_exchanges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        holder_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        completed_at timestamptz,
        CHECK (expires_at > created_at),
        CHECK (completed_at IS NULL OR completed_at >= created_at)
      );
      CREATE INDEX wallet_exchanges_holder ON wallet_exchanges (holder_user_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wallet_exchanges`);
  }
}
