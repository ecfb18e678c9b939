import type { DataSource } from 'typeorm';

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
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!locked) return undefined;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}
