import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (status messages): Bitstring Status List entries with `statusSize` > 1 and `statusMessage`.
 * - status_lists may now have the purpose `message`, with `status_size` bits per entry (revocation and
 *   suspension lists stay one bit); one list per signing key, purpose and size.
 * - credential_status_messages: which entry of which message list a credential holds, and its current value
 *   (the list's bits are the published truth; this row is where an index is taken, as the credentials'
 *   revocation/suspension columns are for their lists).
 */
export class StatusMessages1765200000000 implements MigrationInterface {
  name = 'StatusMessages1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE status_lists DROP CONSTRAINT status_lists_purpose_check;
      ALTER TABLE status_lists ADD CONSTRAINT status_lists_purpose_check
        CHECK (purpose IN ('revocation', 'suspension', 'message'));
      ALTER TABLE status_lists ADD COLUMN status_size int NOT NULL DEFAULT 1
        CHECK (status_size BETWEEN 1 AND 8);
      ALTER TABLE status_lists ADD CONSTRAINT status_lists_one_bit_unless_message
        CHECK (purpose = 'message' OR status_size = 1);
      ALTER TABLE status_lists DROP CONSTRAINT status_lists_signing_key_id_purpose_key;
      ALTER TABLE status_lists ADD CONSTRAINT status_lists_signing_key_id_purpose_size_key
        UNIQUE (signing_key_id, purpose, status_size);

      CREATE TABLE credential_status_messages (
        credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        list_id uuid NOT NULL REFERENCES status_lists(id),
        list_index int NOT NULL CHECK (list_index >= 0),
        value int NOT NULL DEFAULT 0 CHECK (value >= 0),
        PRIMARY KEY (credential_id, list_id),
        CONSTRAINT credential_status_messages_list_index_key UNIQUE (list_id, list_index)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE credential_status_messages;
      DELETE FROM status_lists WHERE purpose = 'message';
      ALTER TABLE status_lists DROP CONSTRAINT status_lists_signing_key_id_purpose_size_key;
      ALTER TABLE status_lists ADD CONSTRAINT status_lists_signing_key_id_purpose_key UNIQUE (signing_key_id, purpose);
      ALTER TABLE status_lists DROP CONSTRAINT status_lists_one_bit_unless_message;
      ALTER TABLE status_lists DROP COLUMN status_size;
      ALTER TABLE status_lists DROP CONSTRAINT status_lists_purpose_check;
      ALTER TABLE status_lists ADD CONSTRAINT status_lists_purpose_check
        CHECK (purpose IN ('revocation', 'suspension'));
    `);
  }
}
