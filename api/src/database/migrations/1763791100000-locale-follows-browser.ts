import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's language is a choice they make, not a default: `locale` is NULL until they pick one in the
 * language menu, and until then the browser's Accept-Language decides. Every 'en' so far was the column's
 * default (nobody could tell it apart from a choice), so it becomes NULL; a saved 'es' stays.
 */
export class LocaleFollowsBrowser1763791100000 implements MigrationInterface {
  name = 'LocaleFollowsBrowser1763791100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ALTER COLUMN locale DROP NOT NULL, ALTER COLUMN locale DROP DEFAULT`,
    );
    await q.query(`UPDATE users SET locale = NULL WHERE locale = 'en'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE users SET locale = 'en' WHERE locale IS NULL`);
    await q.query(
      `ALTER TABLE users ALTER COLUMN locale SET DEFAULT 'en', ALTER COLUMN locale SET NOT NULL`,
    );
  }
}
