import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { affected, db, first } from '../database/sql.js';

/** The VC-API presentation challenges we hand out, each usable once before it expires. */
@Injectable()
export class PresentationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Stores a challenge valid for `minutes` from the database's now; answers when it expires. */
  async createChallenge(challenge: string, domain: string | null, minutes: number): Promise<Date> {
    const row = await first(
      this.ds,
      db
        .insertInto('presentation_challenges')
        .values({
          challenge,
          domain,
          expires_at: sql<Date>`now() + make_interval(mins => ${minutes})`,
        })
        .returning('expires_at'),
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row.expires_at;
  }

  challenge(challenge: string) {
    return first(
      this.ds,
      db.selectFrom('presentation_challenges').select('domain').where('challenge', '=', challenge),
    );
  }

  /** Marks a challenge used; false when it already was, or has expired. */
  async consume(challenge: string): Promise<boolean> {
    const n = await affected(
      this.ds,
      db
        .updateTable('presentation_challenges')
        .set({ used_at: sql<Date>`now()` })
        .where('challenge', '=', challenge)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`),
    );
    return n === 1;
  }
}
