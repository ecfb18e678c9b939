import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, dateText, db, first, float8, rows, type Row } from '../database/sql.js';
import type { Totals } from '../hours/hours.repository.js';

const ceQuery = () =>
  db
    .selectFrom('ce_entries as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select([
      'c.id',
      'c.organization_id as organizationId',
      'c.user_id as userId',
      'u.name as personName',
      'c.source',
      'c.title',
      'c.provider',
      'c.category',
      float8('c.hours').as('hours'),
      dateText('c.completed_on').as('completedOn'),
      'c.course_slug as courseSlug',
      'c.module_slug as moduleSlug',
      'c.evidence_url as evidenceUrl',
      'c.evidence_file_name as evidenceFileName',
      'c.status',
      'c.review_note as reviewNote',
      'c.reviewed_at as reviewedAt',
      'c.created_at as createdAt',
    ])
    .$narrowType<{
      source: 'kindred' | 'external';
      status: 'pending' | 'approved' | 'rejected';
    }>();

/** An entry of the continuing-education ledger, as the services and DTOs see it (typed from the schema). */
export type CeRow = Row<ReturnType<typeof ceQuery>>;

/** Every query of the continuing-education ledger. */
@Injectable()
export class CeRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private q(m?: EntityManager) {
    return m ?? this.ds;
  }

  /** A Kindred module's CE row; written once per person and module however often it is completed. */
  async insertKindredCe(
    m: EntityManager | undefined,
    e: {
      organizationId: string;
      userId: string;
      title: string;
      category: string;
      hours: number;
      completedOn: string;
      courseSlug: string;
      moduleSlug: string;
    },
  ): Promise<boolean> {
    const inserted = await rows(
      this.q(m),
      db
        .insertInto('ce_entries')
        .values({
          organization_id: e.organizationId,
          user_id: e.userId,
          source: 'kindred',
          title: e.title,
          category: e.category,
          hours: e.hours,
          completed_on: e.completedOn,
          course_slug: e.courseSlug,
          module_slug: e.moduleSlug,
          status: 'approved',
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id'),
    );
    return inserted.length > 0;
  }

  /** Completed modules that have no Kindred CE row yet (completions from before the ledger existed). */
  missingKindredCe(userId: string): Promise<{ moduleId: string; completedOn: string }[]> {
    return rows(
      this.ds,
      db
        .selectFrom('module_progress as p')
        .select([
          'p.module_id as moduleId',
          sql<string>`to_char(coalesce(p.completed_at, p.updated_at), 'YYYY-MM-DD')`.as(
            'completedOn',
          ),
        ])
        .where('p.user_id', '=', userId)
        .where('p.status', '=', 'completed')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('ce_entries as c')
                .select(sql<number>`1`.as('one'))
                .whereRef('c.user_id', '=', 'p.user_id')
                .where('c.source', '=', 'kindred')
                .whereRef('c.module_slug', '=', 'p.module_id'),
            ),
          ),
        ),
    );
  }

  async insertExternalCe(e: {
    organizationId: string;
    userId: string;
    title: string;
    provider: string;
    category: string;
    hours: number;
    completedOn: string;
    evidenceUrl: string | null;
    fileName: string | null;
    fileType: string | null;
    file: Buffer | null;
    now: Date;
  }): Promise<string> {
    const row = await first(
      this.ds,
      db
        .insertInto('ce_entries')
        .values({
          organization_id: e.organizationId,
          user_id: e.userId,
          source: 'external',
          title: e.title,
          provider: e.provider,
          category: e.category,
          hours: e.hours,
          completed_on: e.completedOn,
          evidence_url: e.evidenceUrl,
          evidence_file_name: e.fileName,
          evidence_file_type: e.fileType,
          evidence_file: e.file,
          status: 'pending',
          created_at: e.now,
        })
        .returning('id'),
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row.id;
  }

  async ceEntry(id: string, m?: EntityManager, lock = false): Promise<CeRow | null> {
    const row = await first(
      this.q(m),
      ceQuery()
        .where('c.id', '=', id)
        .$if(lock, (qb) => qb.forUpdate('c')),
    );
    return row ?? null;
  }

  ceOf(userId: string): Promise<CeRow[]> {
    return rows(
      this.ds,
      ceQuery()
        .where('c.user_id', '=', userId)
        .orderBy('c.completed_on', 'desc')
        .orderBy('c.created_at', 'desc'),
    );
  }

  ceTotals(userId: string): Promise<Totals[]> {
    return rows(
      this.ds,
      db
        .selectFrom('ce_entries')
        .select(['category', 'status', sql<number>`sum(hours)::float8`.as('hours')])
        .where('user_id', '=', userId)
        .groupBy(['category', 'status']),
    );
  }

  ceQueue(organizationIds: string[], status: string): Promise<CeRow[]> {
    return rows(
      this.ds,
      ceQuery()
        .where('c.organization_id', '=', sql<string>`ANY(${organizationIds})`)
        .where('c.source', '=', 'external')
        .where('c.status', '=', status)
        .orderBy('c.created_at', status === 'pending' ? 'asc' : 'desc')
        .limit(500),
    );
  }

  async reviewCe(
    m: EntityManager,
    id: string,
    r: { status: 'approved' | 'rejected'; by: string; at: Date; note: string | null },
  ): Promise<void> {
    await affected(
      m,
      db
        .updateTable('ce_entries')
        .set({ status: r.status, reviewed_by: r.by, reviewed_at: r.at, review_note: r.note })
        .where('id', '=', id),
    );
  }

  async ceFile(id: string): Promise<{
    userId: string;
    organizationId: string;
    name: string;
    type: string;
    file: Buffer;
  } | null> {
    const row = await first(
      this.ds,
      db
        .selectFrom('ce_entries')
        .select([
          'user_id as userId',
          'organization_id as organizationId',
          'evidence_file_name as name',
          'evidence_file_type as type',
          'evidence_file as file',
        ])
        .where('id', '=', id)
        .where('evidence_file', 'is not', null)
        .$narrowType<{ name: string; type: string; file: Buffer }>(),
    );
    return row ?? null;
  }
}
