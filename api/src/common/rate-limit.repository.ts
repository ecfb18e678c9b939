import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { affected, db, first, rows } from '../database/sql.js';

/** `rate_limits.window_start` is older than one window: the counter starts again (ON CONFLICT's row). */
const windowOver = (windowSeconds: number) =>
  sql<boolean>`${sql.ref('rate_limits.window_start')} < now() - make_interval(secs => ${windowSeconds})`;

/**
 * The shared fixed-window counters (`rate_limits`, one row per rule and client): every API instance
 * counts in the same rows. Constructed by Nest for the guard, and by hand (`new`) for the batched
 * counters, which live outside the container's lifetime rules.
 */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Counts one hit of `key` and answers the count in its current window, this hit included. */
  async hit(key: string, windowSeconds: number): Promise<number> {
    const row = await first(
      this.ds,
      db
        .insertInto('rate_limits')
        .values({ key, window_start: sql<Date>`now()`, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            count: eb
              .case()
              .when(windowOver(windowSeconds))
              .then(1)
              .else(eb('rate_limits.count', '+', 1))
              .end(),
            window_start: eb
              .case()
              .when(windowOver(windowSeconds))
              .then(sql<Date>`now()`)
              .else(eb.ref('rate_limits.window_start'))
              .end(),
          })),
        )
        .returning('count'),
    );
    return row!.count;
  }

  /**
   * Adds `hits[i]` to the counter of `keys[i]` (one statement for the whole batch) and answers each
   * counter's count and window start (epoch milliseconds) after the write.
   */
  addHits(
    keys: string[],
    hits: number[],
    windowSeconds: number,
  ): Promise<{ key: string; count: number; start: number }[]> {
    return rows(
      this.ds,
      db
        .insertInto('rate_limits')
        .columns(['key', 'window_start', 'count'])
        .expression(sql`SELECT k, now(), d FROM unnest(${keys}::text[], ${hits}::int[]) AS t(k, d)`)
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            count: eb
              .case()
              .when(windowOver(windowSeconds))
              .then(eb.ref('excluded.count'))
              .else(eb('rate_limits.count', '+', eb.ref('excluded.count')))
              .end(),
            window_start: eb
              .case()
              .when(windowOver(windowSeconds))
              .then(sql<Date>`now()`)
              .else(eb.ref('rate_limits.window_start'))
              .end(),
          })),
        )
        .returning([
          'key',
          'count',
          sql<number>`(extract(epoch FROM window_start) * 1000)::float8`.as('start'),
        ]),
    );
  }

  /** Forgets counters whose window ended over a day ago. */
  async prune(): Promise<void> {
    await affected(
      this.ds,
      db.deleteFrom('rate_limits').where('window_start', '<', sql<Date>`now() - interval '1 day'`),
    );
  }
}
