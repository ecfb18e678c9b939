import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { db, first } from '../database/sql.js';

/**
 * Runs `work` only if this instance wins the PostgreSQL advisory lock `key` (undefined otherwise): the lock is
 * held on one connection of its own for the whole run and released after, so scheduled jobs run once at a time
 * across instances.
 */
export async function withTryLock<T>(
  ds: DataSource,
  key: number,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const lock = await first(
      runner,
      db.selectNoFrom(sql<boolean>`pg_try_advisory_lock(${key})`.as('locked')),
    );
    if (!lock?.locked) return undefined;
    try {
      return await work();
    } finally {
      await first(runner, db.selectNoFrom(sql<boolean>`pg_advisory_unlock(${key})`.as('unlocked')));
    }
  } finally {
    await runner.release();
  }
}
