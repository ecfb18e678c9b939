import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditRow {
  seq: string;
  at: Date;
  actor_id: string | null;
  organization_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Serializes appends so each entry chains to the one before it, across every API instance. */
const AUDIT_LOCK = 727_001;

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async lockAndLastHash(manager: EntityManager): Promise<string | undefined> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const [last] = await manager.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return last?.hash;
  }

  async insert(manager: EntityManager, row: Omit<AuditRow, 'seq'>): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (at, actor_id, organization_id, action, subject_type, subject_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.at, row.actor_id, row.organization_id, row.action, row.subject_type, row.subject_id, row.data, row.prev_hash, row.hash],
    );
  }

  /** Every entry in order, in pages, so a long log never sits in memory whole. */
  async *all(pageSize = 5000): AsyncGenerator<AuditRow> {
    let after = '0';
    for (;;) {
      const rows: AuditRow[] = await this.ds.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].seq;
    }
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
