import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import { sql } from 'kysely';
import { db, first } from '../database/sql.js';
import { AuditEntry } from './audit-entry.entity.js';

/** An arbitrary constant: the advisory lock that makes appends to the chain one at a time. */
export const AUDIT_LOCK = 7_263_001;

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Waits for earlier appends to commit, then returns the chain's last line (inside the caller's transaction). */
  async lockTail(manager: EntityManager): Promise<{ seq: number; hash: string } | undefined> {
    await first(manager, db.selectNoFrom(sql`pg_advisory_xact_lock(${AUDIT_LOCK})`.as('locked')));
    const row = await first(
      manager,
      db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1),
    );
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  async insert(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.getRepository(AuditEntry).insert(entry as never);
  }

  async insertMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    await manager.getRepository(AuditEntry).insert(entries as never[]);
  }

  /** Lines in order, a page at a time (the chain can be long). */
  page(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.ds
      .getRepository(AuditEntry)
      .find({ where: { seq: MoreThan(String(afterSeq)) }, order: { seq: 'ASC' }, take: limit });
  }

  forSubject(subject: string): Promise<AuditEntry[]> {
    return this.ds.getRepository(AuditEntry).find({ where: { subject }, order: { seq: 'ASC' } });
  }
}
