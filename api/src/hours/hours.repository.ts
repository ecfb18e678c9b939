import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, dateText, db, first, float8, rows, type Row } from '../database/sql.js';

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
      dateText('h.worked_on').as('workedOn'),
      sql<string>`to_char(date_trunc('week', h.worked_on), 'YYYY-MM-DD')`.as('weekOf'),
      float8('h.hours').as('hours'),
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

/** An entry of the practice hours log, as the services and DTOs see it (typed from the schema). */
export type HoursRow = Row<ReturnType<typeof hoursQuery>>;
export interface Totals {
  category: string;
  status: string;
  hours: number;
}

/**
 * Every query of the practice hours log, and the two reads the continuing-education ledger shares with it
 * (the organization a person logs in, and where mail about an entry goes): CeService uses those from here.
 */
@Injectable()
export class HoursRepository {
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
}
