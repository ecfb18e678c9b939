import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, db, first } from '../database/sql.js';
import type { Json } from '../database/schema.js';

/** What a key already holds: the request it was first used for (a hash) and the answer given. */
export interface StoredKey {
  requestHash: string;
  response: unknown;
}

/** The `idempotency_keys` table (migration 1766000020000): one row per person and key. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * Claims `key` for this person inside the caller's transaction. Null when the key is new (the row is
   * written, its answer to follow with `complete`); else what the key holds. A concurrent claim of the same
   * key waits on the primary key until the first transaction ends, then reads its committed answer.
   */
  async claim(
    m: EntityManager,
    userId: string,
    key: string,
    requestHash: string,
    at: Date,
  ): Promise<StoredKey | null> {
    const inserted = await first(
      m,
      db
        .insertInto('idempotency_keys')
        .values({ user_id: userId, key, request_hash: requestHash, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .returning('key'),
    );
    if (inserted) return null;
    const row = await first(
      m,
      db
        .selectFrom('idempotency_keys')
        .select(['request_hash as requestHash', 'response'])
        .where('user_id', '=', userId)
        .where('key', '=', key),
    );
    if (!row) throw new Error('idempotency key vanished between insert and read');
    return row;
  }

  /** Stores the answer of the request that claimed `key` (same transaction as its write). */
  async complete(m: EntityManager, userId: string, key: string, response: unknown): Promise<void> {
    await affected(
      m,
      db
        .updateTable('idempotency_keys')
        .set({ response: sql<Json>`${JSON.stringify(response)}::jsonb` })
        .where('user_id', '=', userId)
        .where('key', '=', key),
    );
  }
}
