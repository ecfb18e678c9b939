import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fixed-window counters for rate limits, shared by every API instance. */
export class RateLimits1763790100000 implements MigrationInterface {
  name = 'RateLimits1763790100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limits (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        count int NOT NULL
      );
      CREATE INDEX rate_limits_window ON rate_limits (window_start);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
  }
}
