import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19 (the offline queue): an `Idempotency-Key` a phone sends with a knowledge-check submission or a
 * drill choice it queued offline. The first request with a key stores its answer in the same transaction
 * as the write; a replay (same person, same key, same request) gets that answer and writes nothing. The
 * request is kept only as a sha256 (`request_hash`) so a different request under the same key is told
 * apart without storing the answers twice.
 */
export class IdempotencyKeys1766000020000 implements MigrationInterface {
  name = 'IdempotencyKeys1766000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key uuid NOT NULL,
        request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
        response jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
