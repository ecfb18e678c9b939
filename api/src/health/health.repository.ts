import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { db, first, rows } from '../database/sql.js';

/**
 * TypeORM's own bookkeeping table: left out of the generated schema (db-types.mjs excludes it), so its
 * one column read here is declared for this query alone.
 */
const withMigrations = db.$extendTables<{ migrations: { name: string } }>();

/** The probes' two reads. Each fails (rejects) when the database cannot be reached. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A round trip to the database. */
  async ping(): Promise<void> {
    await first(this.ds, db.selectNoFrom(sql<number>`1`.as('up')));
  }

  /** The names of the migrations the database has applied. */
  async appliedMigrations(): Promise<Set<string>> {
    const applied = await rows(this.ds, withMigrations.selectFrom('migrations').select('name'));
    return new Set(applied.map((r) => r.name));
  }
}
