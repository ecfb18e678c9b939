import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { withTryLock } from '../common/advisory-lock.js';
import { restingUserIds } from '../common/rest-week.js';
import { affected, db, first, rows, type Row } from '../database/sql.js';
import type { EvidenceSource } from '../evidence/evidence.repository.js';
import type { DerivedRating } from './rating.rules.js';

/** A rating as the rules derive it and the table stores it. */
export interface RatingRow extends DerivedRating {
  volunteerId: string;
  competencyId: string;
}

/** `= ANY($1)`: one array parameter, so an empty list is a valid query (unlike `IN ()`). */
const anyOf = (ids: string[]) => sql<string>`ANY(${ids})`;

const ratingQuery = () =>
  db
    .selectFrom('competency_ratings as r')
    .select([
      'r.volunteer_id as volunteerId',
      'r.competency_id as competencyId',
      'r.level',
      'r.status',
      'r.evidence_ids as evidenceIds',
      'r.signed_off_by as signedOffBy',
      'r.signed_off_at as signedOffAt',
      'r.valid_until as validUntil',
    ])
    .$narrowType<{ status: RatingRow['status'] }>();

const requestQuery = () =>
  db
    .selectFrom('signoff_requests as r')
    .innerJoin('users as u', 'u.id', 'r.volunteer_id')
    .select([
      'r.id',
      'r.volunteer_id as volunteerId',
      'u.name as volunteerName',
      'r.competency_id as competencyId',
      'r.origin',
      'r.status',
      'r.reflection',
      'r.prior_learning_evidence_id as priorLearningEvidenceId',
      'r.created_at as createdAt',
      'r.decided_at as decidedAt',
      'r.decided_by as decidedBy',
      'r.level',
      'r.scores',
      'r.comment',
      'r.practice',
    ])
    .$narrowType<{
      origin: 'volunteer' | 'auto';
      status: 'open' | 'practice' | 'signed_off';
      scores: Record<string, string> | null;
    }>();

const sessionQuery = () =>
  db
    .selectFrom('supervision_sessions as s')
    .innerJoin('users as u', 'u.id', 's.supervisor_id')
    .select([
      's.id',
      's.supervisor_id as supervisorId',
      'u.name as supervisorName',
      's.volunteer_id as volunteerId',
      's.kind',
      sql<string>`to_char(s.held_on, 'YYYY-MM-DD')`.as('heldOn'),
      's.topics',
      's.wellbeing',
      's.private_notes as privateNotes',
    ])
    .$narrowType<{ kind: 'session' | 'debrief' }>();

// What each evidence row is about, for people to read: the module of a knowledge check, the drill of
// an attempt or a group session, and who recorded it.
const evidenceQuery = () =>
  db
    .selectFrom('evidence as e')
    .leftJoin('quiz_attempts as qa', (j) =>
      j.on(
        sql<boolean>`e.source_ref LIKE 'quiz\\_attempt:%' AND qa.id::text = split_part(e.source_ref, ':', 2)`,
      ),
    )
    .leftJoin('drill_attempts as da', (j) =>
      j.on(
        sql<boolean>`e.source_ref LIKE 'drill-attempt:%' AND da.id::text = split_part(e.source_ref, ':', 2)`,
      ),
    )
    .leftJoin('drill_sessions as ds', (j) =>
      j.on(
        sql<boolean>`e.source_ref LIKE 'drill-session:%' AND ds.id::text = split_part(e.source_ref, ':', 2)`,
      ),
    )
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .select((eb) => [
      'e.id',
      'e.volunteer_id as volunteerId',
      'e.competency_id as competencyId',
      'e.source',
      'e.source_ref as sourceRef',
      'e.actor_id as actorId',
      'e.level',
      sql<number | null>`e.grade::float8`.as('grade'),
      'e.note',
      'e.link',
      'e.corrects_id as correctsId',
      'e.created_at as createdAt',
      'qa.module_id as moduleId',
      eb.fn.coalesce('da.drill_id', 'ds.drill_id').as('drillId'),
      'a.name as actorName',
    ])
    .$narrowType<{ source: EvidenceSource }>();

export type RequestRow = Row<ReturnType<typeof requestQuery>>;
export type SessionRow = Row<ReturnType<typeof sessionQuery>>;
export type EvidenceWithSubject = Row<ReturnType<typeof evidenceQuery>>;
export interface Person {
  id: string;
  name: string;
  email: string;
}

/** The volunteers of the organizations (the dashboards count only them). */
const volunteersOf = (organizationIds: string[]) =>
  db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', anyOf(organizationIds))
    .where('role', '=', 'volunteer');

/** Every query of the competencies module. */
@Injectable()
export class CompetenciesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Who is in a rest week today: reminders wait until it ends (issue 21). */
  resting(at: Date, m?: EntityManager): Promise<Set<string>> {
    return restingUserIds(m ?? this.ds, at);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private q(m?: EntityManager) {
    return m ?? this.ds.manager;
  }

  // ---- people and cohorts

  /** Pass the transaction's manager when inside one: a second pool connection per transaction can exhaust the pool. */
  person(id: string, m?: EntityManager): Promise<Person | undefined> {
    return first(
      this.q(m),
      db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', id),
    );
  }

  async hasMembership(userId: string, organizationId: string, role: string): Promise<boolean> {
    const row = await first(
      this.ds,
      db
        .selectFrom('memberships')
        .select(sql<number>`1`.as('one'))
        .where('user_id', '=', userId)
        .where('organization_id', '=', organizationId)
        .where('role', '=', role),
    );
    return row !== undefined;
  }

  /** The organization in which the supervisor supervises the volunteer (null when they do not). */
  async supervisingOrganization(
    supervisorId: string,
    volunteerId: string,
    m?: EntityManager,
  ): Promise<string | null> {
    const row = await first(
      this.q(m),
      db
        .selectFrom('supervisor_assignments')
        .select('organization_id as organizationId')
        .where('supervisor_id', '=', supervisorId)
        .where('volunteer_id', '=', volunteerId)
        .orderBy('created_at')
        .orderBy('organization_id')
        .limit(1),
    );
    return row?.organizationId ?? null;
  }

  async assign(
    organizationId: string,
    supervisorId: string,
    volunteerId: string,
    by: string,
  ): Promise<void> {
    await rows(
      this.ds,
      db
        .insertInto('supervisor_assignments')
        .values({
          organization_id: organizationId,
          supervisor_id: supervisorId,
          volunteer_id: volunteerId,
          assigned_by: by,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'volunteer_id']).doUpdateSet((eb) => ({
            supervisor_id: eb.ref('excluded.supervisor_id'),
            assigned_by: eb.ref('excluded.assigned_by'),
            created_at: sql<Date>`now()`,
          })),
        ),
    );
  }

  assignments(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('supervisor_assignments as a')
        .innerJoin('users as v', 'v.id', 'a.volunteer_id')
        .innerJoin('users as s', 's.id', 'a.supervisor_id')
        .select([
          'a.volunteer_id as volunteerId',
          'v.name as volunteerName',
          'a.supervisor_id as supervisorId',
          's.name as supervisorName',
          'a.organization_id as organizationId',
        ])
        .where('a.organization_id', '=', anyOf(organizationIds))
        .orderBy('s.name')
        .orderBy('v.name'),
    );
  }

  cohort(supervisorId: string): Promise<Person[]> {
    return rows(
      this.ds,
      db
        .selectFrom('supervisor_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.volunteer_id')
        .select(['u.id', 'u.name', 'u.email'])
        .where('a.supervisor_id', '=', supervisorId)
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .orderBy('u.id'),
    );
  }

  /** A volunteer's supervisors (who get the auto-opened requests and the reminders' copies). */
  /** With their mail language (saved choice, browser's), so the request mail is in their words. */
  supervisorsOf(
    volunteerId: string,
    m?: EntityManager,
  ): Promise<(Person & { locale: string | null; browserLocale: string | null })[]> {
    return rows(
      this.q(m),
      db
        .selectFrom('supervisor_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.supervisor_id')
        .select(['u.id', 'u.name', 'u.email', 'u.locale', 'u.browser_locale as browserLocale'])
        .where('a.volunteer_id', '=', volunteerId),
    );
  }

  // ---- evidence (read inside the caller's transaction, so rows appended in it count)

  evidenceOf(
    volunteerId: string,
    competencyId: string | null,
    m?: EntityManager,
  ): Promise<EvidenceWithSubject[]> {
    return rows(
      this.q(m),
      evidenceQuery()
        .where('e.volunteer_id', '=', volunteerId)
        .$if(competencyId !== null, (qb) => qb.where('e.competency_id', '=', competencyId ?? ''))
        .orderBy('e.created_at')
        .orderBy('e.id'),
    );
  }

  async everRequested(
    volunteerId: string,
    competencyId: string,
    m?: EntityManager,
  ): Promise<boolean> {
    const row = await first(
      this.q(m),
      db
        .selectFrom('signoff_requests')
        .select(sql<number>`1`.as('one'))
        .where('volunteer_id', '=', volunteerId)
        .where('competency_id', '=', competencyId)
        .limit(1),
    );
    return row !== undefined;
  }

  // ---- ratings

  ratings(volunteerId: string, m?: EntityManager): Promise<RatingRow[]> {
    return rows(this.q(m), ratingQuery().where('r.volunteer_id', '=', volunteerId));
  }

  /** The cohort matrix in one query: every rating of a supervisor's volunteers (only the columns the matrix shows). */
  // valid_until comes as epoch milliseconds: parsing a thousand timestamps per request was a measurable part of its time.
  // The columns are those of the covering index competency_ratings_matrix (an index-only scan).
  cohortRatings(supervisorId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('supervisor_assignments as a')
        .innerJoin('competency_ratings as r', 'r.volunteer_id', 'a.volunteer_id')
        .select([
          'r.volunteer_id as volunteerId',
          'r.competency_id as competencyId',
          'r.level',
          'r.status',
          sql<number | null>`(extract(epoch FROM r.valid_until) * 1000)::float8`.as('validUntilMs'),
        ])
        .where('a.supervisor_id', '=', supervisorId)
        .$narrowType<{ status: RatingRow['status'] }>(),
    );
  }

  async upsertRating(m: EntityManager, r: RatingRow, now: Date): Promise<void> {
    await rows(
      m,
      db
        .insertInto('competency_ratings')
        .values({
          volunteer_id: r.volunteerId,
          competency_id: r.competencyId,
          level: r.level,
          status: r.status,
          evidence_ids: r.evidenceIds,
          signed_off_by: r.signedOffBy,
          signed_off_at: r.signedOffAt,
          valid_until: r.validUntil,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['volunteer_id', 'competency_id']).doUpdateSet((eb) => ({
            level: eb.ref('excluded.level'),
            status: eb.ref('excluded.status'),
            evidence_ids: eb.ref('excluded.evidence_ids'),
            signed_off_by: eb.ref('excluded.signed_off_by'),
            signed_off_at: eb.ref('excluded.signed_off_at'),
            valid_until: eb.ref('excluded.valid_until'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    );
  }

  /** Ratings whose validity ends by `until` and that are still current (the expiry job's work list). */
  expiringBy(until: Date, m?: EntityManager) {
    return rows(
      this.q(m),
      ratingQuery()
        .innerJoin('users as u', 'u.id', 'r.volunteer_id')
        .select(['u.email', 'u.name', 'u.locale', 'u.browser_locale as browserLocale'])
        .where('r.status', '=', 'current')
        .where('r.valid_until', 'is not', null)
        .where('r.valid_until', '<=', until)
        .orderBy('r.valid_until'),
    );
  }

  /** Records a reminder; false when it was already sent (the key makes the job idempotent). */
  async markReminder(
    m: EntityManager,
    volunteerId: string,
    competencyId: string,
    validUntil: Date,
    kind: string,
    at: Date,
  ): Promise<boolean> {
    const row = await first(
      m,
      db
        .insertInto('reminders_sent')
        .values({
          volunteer_id: volunteerId,
          competency_id: competencyId,
          valid_until: validUntil,
          kind,
          sent_at: at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(sql<number>`1`.as('one')),
    );
    return row !== undefined;
  }

  /** Runs `work` only if this instance wins the job's advisory lock (common/advisory-lock.ts). */
  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }

  programCounts(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('competency_ratings as r')
        .select([
          'r.competency_id as competencyId',
          'r.level',
          'r.status',
          sql<number>`count(*)::int`.as('n'),
        ])
        .where('r.volunteer_id', 'in', volunteersOf(organizationIds))
        .groupBy(['r.competency_id', 'r.level', 'r.status']),
    );
  }

  expiringByMonth(organizationIds: string[], from: Date) {
    const month = sql<string>`to_char(date_trunc('month', r.valid_until), 'YYYY-MM')`;
    return rows(
      this.ds,
      db
        .selectFrom('competency_ratings as r')
        .select([month.as('month'), sql<number>`count(*)::int`.as('n')])
        .where('r.status', '=', 'current')
        .where('r.valid_until', '>=', from)
        .where('r.valid_until', '<', sql<Date>`${from}::timestamptz + interval '12 months'`)
        .where('r.volunteer_id', 'in', volunteersOf(organizationIds))
        .groupBy(month)
        .orderBy(month),
    );
  }

  async turnaround(organizationIds: string[]): Promise<{
    decided: number;
    open: number;
    medianHours: number | null;
    p90Hours: number | null;
  }> {
    const hours = sql`extract(epoch FROM decided_at - created_at) / 3600`;
    const row = await first(
      this.ds,
      db
        .selectFrom('signoff_requests')
        .select([
          sql<number>`count(*) FILTER (WHERE status <> 'open')::int`.as('decided'),
          sql<number>`count(*) FILTER (WHERE status = 'open')::int`.as('open'),
          sql<
            number | null
          >`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}) FILTER (WHERE decided_at IS NOT NULL)`.as(
            'median',
          ),
          sql<
            number | null
          >`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours}) FILTER (WHERE decided_at IS NOT NULL)`.as(
            'p90',
          ),
        ])
        .where('volunteer_id', 'in', volunteersOf(organizationIds)),
    );
    // An aggregate without GROUP BY always answers one row.
    return {
      decided: row?.decided ?? 0,
      open: row?.open ?? 0,
      medianHours: row?.median == null ? null : Number(row.median),
      p90Hours: row?.p90 == null ? null : Number(row.p90),
    };
  }

  // ---- sign-off requests

  async openRequest(
    m: EntityManager,
    r: {
      volunteerId: string;
      competencyId: string;
      origin: 'volunteer' | 'auto';
      reflection: string | null;
      priorLearningEvidenceId: string | null;
      at: Date;
    },
  ): Promise<string | undefined> {
    const row = await first(
      m,
      db
        .insertInto('signoff_requests')
        .values({
          volunteer_id: r.volunteerId,
          competency_id: r.competencyId,
          origin: r.origin,
          status: 'open',
          reflection: r.reflection,
          prior_learning_evidence_id: r.priorLearningEvidenceId,
          created_at: r.at,
        })
        .onConflict((oc) =>
          oc.columns(['volunteer_id', 'competency_id']).where('status', '=', 'open').doNothing(),
        )
        .returning('id'),
    );
    return row?.id;
  }

  request(id: string, m?: EntityManager, lock = false): Promise<RequestRow | undefined> {
    return first(
      this.q(m),
      requestQuery()
        .where('r.id', '=', id)
        .$if(lock, (qb) => qb.forUpdate('r')),
    );
  }

  requestsOf(volunteerId: string): Promise<RequestRow[]> {
    return rows(
      this.ds,
      requestQuery()
        .where('r.volunteer_id', '=', volunteerId)
        .orderBy('r.created_at', 'desc')
        .limit(200),
    );
  }

  /** Open requests of a supervisor's cohort, oldest first. */
  queue(supervisorId: string): Promise<RequestRow[]> {
    return rows(
      this.ds,
      requestQuery()
        .innerJoin('supervisor_assignments as a', (j) =>
          j.onRef('a.volunteer_id', '=', 'r.volunteer_id').on('a.supervisor_id', '=', supervisorId),
        )
        .where('r.status', '=', 'open')
        .orderBy('r.created_at')
        .orderBy('r.id'),
    );
  }

  async decide(
    m: EntityManager,
    id: string,
    d: {
      status: 'practice' | 'signed_off';
      by: string;
      at: Date;
      level: string;
      scores: Record<string, string>;
      comment: string;
      practice: string | null;
      observationId: string | null;
    },
  ): Promise<void> {
    await affected(
      m,
      db
        .updateTable('signoff_requests')
        .set({
          status: d.status,
          decided_by: d.by,
          decided_at: d.at,
          level: d.level,
          scores: d.scores,
          comment: d.comment,
          practice: d.practice,
          observation_evidence_id: d.observationId,
        })
        .where('id', '=', id),
    );
  }

  // ---- supervision log

  async addSession(
    s: Omit<SessionRow, 'id' | 'supervisorName'>,
    m?: EntityManager,
  ): Promise<string> {
    const row = await first(
      this.q(m),
      db
        .insertInto('supervision_sessions')
        .values({
          supervisor_id: s.supervisorId,
          volunteer_id: s.volunteerId,
          kind: s.kind,
          held_on: s.heldOn,
          topics: s.topics,
          wellbeing: s.wellbeing,
          private_notes: s.privateNotes,
        })
        .returning('id'),
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row.id;
  }

  /** Sessions between one volunteer and (when given) one supervisor; notes are filtered by the service. */
  sessions(volunteerId: string, supervisorId: string | null): Promise<SessionRow[]> {
    return rows(
      this.ds,
      sessionQuery()
        .where('s.volunteer_id', '=', volunteerId)
        .$if(supervisorId !== null, (qb) => qb.where('s.supervisor_id', '=', supervisorId ?? ''))
        .orderBy('s.held_on', 'desc')
        .orderBy('s.created_at', 'desc'),
    );
  }
}
