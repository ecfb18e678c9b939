import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the language of a person's browser (from Accept-Language at sign-in, sign-up and accepting
 * an invitation), so mail about their account can be in their language before they ever choose one:
 * mail uses coalesce(locale, browser_locale). Only a supported two-letter code is stored.
 */
export class BrowserLocale1765600000000 implements MigrationInterface {
  name = 'BrowserLocale1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN browser_locale text CHECK (browser_locale ~ '^[a-z]{2}$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN browser_locale`);
  }
}
