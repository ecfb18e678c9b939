import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, db, first, rows, type Row } from '../database/sql.js';

/** A date column as the API shows it: YYYY-MM-DD, no time zone to shift it. */
const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
/** numeric columns arrive from pg as strings; hours are small decimals, safe as a double. */
const float = (column: string) => sql<number>`${sql.ref(column)}::float8`;

const hoursQuery = () =>
  db
    .selectFrom('practice_hours as h')
    .innerJoin('users as v', 'v.id', 'h.volunteer_user_id')
    .leftJoin('users as r', 'r.id', 'h.reviewed_by')
    .select([
      'h.id',
      'h.organization_id as organizationId',
      'h.volunteer_user_id as volunteerId',
      'v.name as volunteerName',
      day('h.worked_on').as('workedOn'),
      sql<string>`to_char(date_trunc('week', h.worked_on), 'YYYY-MM-DD')`.as('weekOf'),
      float('h.hours').as('hours'),
      'h.setting',
      'h.category',
      'h.reflection',
      'h.status',
      'h.reviewed_by as reviewedBy',
      'r.name as reviewedByName',
      'h.reviewed_at as reviewedAt',
      'h.review_note as reviewNote',
      'h.created_at as createdAt',
    ])
    .$narrowType<{ status: 'submitted' | 'verified' | 'returned' }>();

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
      float('c.hours').as('hours'),
      day('c.completed_on').as('completedOn'),
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

/** An entry of the practice hours log, as the services and DTOs see it (typed from the schema). */
export type HoursRow = Row<ReturnType<typeof hoursQuery>>;
/** An entry of the continuing-education ledger. */
export type CeRow = Row<ReturnType<typeof ceQuery>>;
export interface Totals {
  category: string;
  status: string;
  hours: number;
}

/** Every query of the practice hours log and the continuing-education ledger. */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private q(m?: EntityManager) {
    return m ?? this.ds;
  }

  /** The organization a volunteer logs in: where they have a supervisor, else their first volunteer membership. */
  async volunteerOrganization(userId: string, m?: EntityManager): Promise<string | null> {
    const ranked = db
      .selectFrom('supervisor_assignments')
      .select(['organization_id', sql<number>`0`.as('rank')])
      .where('volunteer_id', '=', userId)
      .unionAll(
        db
          .selectFrom('memberships')
          .select(['organization_id', sql<number>`1`.as('rank')])
          .where('user_id', '=', userId)
          .where('role', '=', 'volunteer'),
      )
      .unionAll(
        db
          .selectFrom('memberships')
          .select(['organization_id', sql<number>`2`.as('rank')])
          .where('user_id', '=', userId),
      );
    const row = await first(
      this.q(m),
      db
        .selectFrom(ranked.as('o'))
        .select('o.organization_id as id')
        .orderBy('o.rank')
        .orderBy('o.organization_id')
        .limit(1),
    );
    return row?.id ?? null;
  }

  async supervises(
    supervisorId: string,
    volunteerId: string,
    organizationId: string,
    m?: EntityManager,
  ): Promise<boolean> {
    const row = await first(
      this.q(m),
      db
        .selectFrom('supervisor_assignments')
        .select(sql<number>`1`.as('one'))
        .where('supervisor_id', '=', supervisorId)
        .where('volunteer_id', '=', volunteerId)
        .where('organization_id', '=', organizationId),
    );
    return row !== undefined;
  }

  /** Where mail about an entry goes. */
  /** With the mail language (saved choice, browser's), so what is sent says it in their words. */
  contact(userId: string, m?: EntityManager) {
    return first(
      this.q(m),
      db
        .selectFrom('users')
        .select(['email', 'name', 'locale', 'browser_locale as browserLocale'])
        .where('id', '=', userId),
    );
  }

  // ---- practice hours

  async insertHours(e: {
    organizationId: string;
    volunteerId: string;
    workedOn: string;
    hours: number;
    setting: string;
    category: string;
    reflection: string | null;
    now: Date;
  }): Promise<string> {
    const row = await first(
      this.ds,
      db
        .insertInto('practice_hours')
        .values({
          organization_id: e.organizationId,
          volunteer_user_id: e.volunteerId,
          worked_on: e.workedOn,
          hours: e.hours,
          setting: e.setting,
          category: e.category,
          reflection: e.reflection,
          created_at: e.now,
          updated_at: e.now,
        })
        .returning('id'),
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row.id;
  }

  /** Edits an entry that is not verified yet; it goes back to the supervisor as submitted. */
  async resubmitHours(
    m: EntityManager,
    id: string,
    e: {
      workedOn: string;
      hours: number;
      setting: string;
      category: string;
      reflection: string | null;
      now: Date;
    },
  ): Promise<void> {
    await affected(
      m,
      db
        .updateTable('practice_hours')
        .set({
          worked_on: e.workedOn,
          hours: e.hours,
          setting: e.setting,
          category: e.category,
          reflection: e.reflection,
          status: 'submitted',
          reviewed_by: null,
          reviewed_at: null,
          review_note: null,
          updated_at: e.now,
        })
        .where('id', '=', id),
    );
  }

  async hoursEntry(id: string, m?: EntityManager, lock = false): Promise<HoursRow | null> {
    const row = await first(
      this.q(m),
      hoursQuery()
        .where('h.id', '=', id)
        .$if(lock, (qb) => qb.forUpdate('h')),
    );
    return row ?? null;
  }

  hoursOf(volunteerId: string): Promise<HoursRow[]> {
    return rows(
      this.ds,
      hoursQuery()
        .where('h.volunteer_user_id', '=', volunteerId)
        .orderBy('h.worked_on', 'desc')
        .orderBy('h.created_at', 'desc'),
    );
  }

  /** Entries of the supervisor's own cohort (volunteers assigned to them in the entry's organization). */
  cohortHours(
    supervisorId: string,
    f: { status?: string; weekStart?: string; volunteerId?: string },
    m?: EntityManager,
    lock = false,
  ): Promise<HoursRow[]> {
    const { status, weekStart, volunteerId } = f;
    return rows(
      this.q(m),
      hoursQuery()
        .innerJoin('supervisor_assignments as a', (j) =>
          j
            .onRef('a.volunteer_id', '=', 'h.volunteer_user_id')
            .onRef('a.organization_id', '=', 'h.organization_id')
            .on('a.supervisor_id', '=', supervisorId),
        )
        .$if(status !== undefined, (qb) => qb.where('h.status', '=', status ?? ''))
        .$if(weekStart !== undefined, (qb) =>
          qb
            .where('h.worked_on', '>=', sql<Date>`${weekStart}::date`)
            .where('h.worked_on', '<', sql<Date>`${weekStart}::date + 7`),
        )
        .$if(volunteerId !== undefined, (qb) =>
          qb.where('h.volunteer_user_id', '=', volunteerId ?? ''),
        )
        .orderBy('h.worked_on', 'desc')
        .orderBy('v.name')
        .orderBy('h.created_at')
        .$if(lock, (qb) => qb.forUpdate('h')),
    );
  }

  cohortWeeks(
    supervisorId: string,
  ): Promise<{ weekOf: string; submitted: number; hours: number }[]> {
    return rows(
      this.ds,
      db
        .selectFrom('practice_hours as h')
        .innerJoin('supervisor_assignments as a', (j) =>
          j
            .onRef('a.volunteer_id', '=', 'h.volunteer_user_id')
            .onRef('a.organization_id', '=', 'h.organization_id')
            .on('a.supervisor_id', '=', supervisorId),
        )
        .select([
          sql<string>`to_char(date_trunc('week', h.worked_on), 'YYYY-MM-DD')`.as('weekOf'),
          sql<number>`count(*)::int`.as('submitted'),
          sql<number>`sum(h.hours)::float8`.as('hours'),
        ])
        .where('h.status', '=', 'submitted')
        .groupBy(sql`1`)
        .orderBy(sql`1`, 'desc'),
    );
  }

  async reviewHours(
    m: EntityManager,
    id: string,
    r: { status: 'verified' | 'returned'; by: string; at: Date; note: string | null },
  ): Promise<void> {
    await affected(
      m,
      db
        .updateTable('practice_hours')
        .set({
          status: r.status,
          reviewed_by: r.by,
          reviewed_at: r.at,
          review_note: r.note,
          updated_at: r.at,
        })
        .where('id', '=', id),
    );
  }

  hoursTotals(volunteerId: string): Promise<Totals[]> {
    return rows(
      this.ds,
      db
        .selectFrom('practice_hours')
        .select(['category', 'status', sql<number>`sum(hours)::float8`.as('hours')])
        .where('volunteer_user_id', '=', volunteerId)
        .groupBy(['category', 'status']),
    );
  }

  // ---- continuing education

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
