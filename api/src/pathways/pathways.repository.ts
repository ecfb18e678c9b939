import { Injectable } from '@nestjs/common';
import { restingUserIds } from '../common/rest-week.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql, type Expression, type Selectable } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import {
  dateOfDay,
  type CompetencyFact,
  type Day,
  type HoursEntry,
  type PathwayFacts,
  type PathwayState,
} from '@kindred/certificates';
import { withTryLock } from '../common/advisory-lock.js';
import { db, first, rows, type Row } from '../database/sql.js';
import type { DB } from '../database/schema.js';

/** Days since 1970-01-01 (UTC), computed in SQL so no date ever passes through a time zone. */
const dayOfDate = (col: string) => sql<Day>`(${sql.ref(col)} - DATE '1970-01-01')::int`;
const dayOfTs = (e: Expression<unknown>) => sql<Day>`floor(extract(epoch FROM ${e}) / 86400)::int`;
const dateOf = (d: Day | null) => (d === null ? null : dateOfDay(d));
/** `= ANY($1)`: one array parameter for any number of people. */
const anyOf = (ids: string[]) => sql<string>`ANY(${ids})`;

export interface Volunteer {
  id: string;
  name: string;
  email: string;
  /** Null for someone without a volunteer membership who opens their own pathway. */
  organizationId: string | null;
  joinedOn: Day;
  /** the mail language (saved choice, browser's): read for the sweep's reminders */
  locale?: string | null;
  browserLocale?: string | null;
}

const snapshotQuery = () =>
  db
    .selectFrom('pathway_states')
    .select([
      'user_id as userId',
      'stage_id as stageId',
      'status',
      dayOfDate('since').as('since'),
      'renewals',
      sql<Day | null>`${dayOfDate('valid_until')}`.as('validUntil'),
      'renewal_window as renewalWindow',
    ]);
export type Snapshot = Row<ReturnType<typeof snapshotQuery>>;

/** Every query of the pathways module: it reads courses, drills, ratings, supervision and the ledger; it writes only its own snapshots. */
@Injectable()
export class PathwaysRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Who is in a rest week today: reminders wait until it ends (issue 21). */
  resting(at: Date, m?: EntityManager): Promise<Set<string>> {
    return restingUserIds(m ?? this.ds, at);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Volunteers of the given organizations (all when `organizationIds` is null), one row each (their earliest membership). */
  volunteers(
    organizationIds: string[] | null,
    afterId = '',
    limit: number | null = null,
  ): Promise<Volunteer[]> {
    return rows(
      this.ds,
      db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .distinctOn('u.id')
        .select([
          'u.id',
          'u.name',
          'u.email',
          'u.locale',
          'u.browser_locale as browserLocale',
          'm.organization_id as organizationId',
          dayOfTs(sql.ref('m.created_at')).as('joinedOn'),
        ])
        .where('m.role', '=', 'volunteer')
        .where('u.disabled_at', 'is', null)
        .$if(organizationIds !== null, (qb) =>
          qb.where('m.organization_id', '=', anyOf(organizationIds ?? [])),
        )
        .where('u.id', '>', afterId || '00000000-0000-0000-0000-000000000000')
        .orderBy('u.id')
        .orderBy('m.created_at')
        .$if(limit !== null, (qb) => qb.limit(limit ?? 0)),
    );
  }

  /** One person with their earliest volunteer membership (null organization when they have none). */
  volunteer(userId: string): Promise<Volunteer | undefined> {
    return first(
      this.ds,
      db
        .selectFrom('users as u')
        .leftJoin('memberships as m', (j) =>
          j.onRef('m.user_id', '=', 'u.id').on('m.role', '=', 'volunteer'),
        )
        .select([
          'u.id',
          'u.name',
          'u.email',
          'm.organization_id as organizationId',
          dayOfTs(sql`coalesce(m.created_at, u.created_at)`).as('joinedOn'),
        ])
        .where('u.id', '=', userId)
        .orderBy('m.created_at', (ob) => ob.asc().nullsLast())
        .limit(1),
    );
  }

  /** Everything the engine reads, for many volunteers at once (one query per kind of fact). */
  async facts(people: { id: string; joinedOn: Day }[]): Promise<Map<string, PathwayFacts>> {
    const ids = people.map((p) => p.id);
    const out = new Map<string, PathwayFacts>(
      people.map((p) => [
        p.id,
        {
          joinedOn: p.joinedOn,
          courses: new Map(),
          drills: new Map(),
          competencies: new Map(),
          practice: [],
          supervision: [],
          ce: [],
        },
      ]),
    );
    const get = (id: string) => out.get(id)!;
    const [courses, drills, ratings, signoffs, practice, sessions, ce] = await Promise.all([
      // a course counts once every one of its modules is completed, on the day of the last one
      rows(
        this.ds,
        db
          .selectFrom('module_progress as p')
          .innerJoin('modules as m', 'm.id', 'p.module_id')
          .innerJoin('courses as c', 'c.id', 'm.course_id')
          .select(['p.user_id as u', 'c.slug', dayOfTs(sql`max(p.completed_at)`).as('d')])
          .where('p.user_id', '=', anyOf(ids))
          .where('p.status', '=', 'completed')
          .groupBy(['p.user_id', 'c.id', 'c.slug'])
          .having((eb) =>
            eb(
              sql<number>`count(*)`,
              '=',
              eb
                .selectFrom('modules as m2')
                .select(sql<number>`count(*)`.as('n'))
                .whereRef('m2.course_id', '=', 'c.id'),
            ),
          ),
      ),
      rows(
        this.ds,
        db
          .selectFrom('drill_attempts')
          .select(['volunteer_id as u', 'drill_id as id', dayOfTs(sql`min(finished_at)`).as('d')])
          .where('volunteer_id', '=', anyOf(ids))
          .where('passed', '=', true)
          .where('finished_at', 'is not', null)
          .groupBy(['volunteer_id', 'drill_id']),
      ),
      rows(
        this.ds,
        db
          .selectFrom('competency_ratings')
          .select([
            'volunteer_id as u',
            'competency_id as id',
            'level',
            sql<boolean>`status = 'current'`.as('current'),
            sql<boolean>`signed_off_by IS NOT NULL`.as('signed'),
            dayOfTs(sql`coalesce(signed_off_at, updated_at)`).as('d'),
          ])
          .where('volunteer_id', '=', anyOf(ids)),
      ),
      rows(
        this.ds,
        db
          .selectFrom('signoff_requests as s')
          .leftJoin('competency_ratings as r', (j) =>
            j
              .onRef('r.volunteer_id', '=', 's.volunteer_id')
              .onRef('r.competency_id', '=', 's.competency_id'),
          )
          .select([
            's.volunteer_id as u',
            's.competency_id as id',
            's.level',
            sql<boolean>`coalesce(r.status = 'current', false)`.as('current'),
            dayOfTs(sql.ref('s.decided_at')).as('d'),
          ])
          .where('s.volunteer_id', '=', anyOf(ids))
          .where('s.status', '=', 'signed_off')
          .where('s.level', 'is not', null)
          .where('s.decided_at', 'is not', null)
          .$narrowType<{ level: string }>(),
      ),
      // the bulk of the rows (hours, sessions, CE): one JSON array per volunteer, far cheaper to parse than a row each
      rows(
        this.ds,
        db
          .selectFrom('practice_hours')
          .select([
            'volunteer_user_id as u',
            sql<string>`json_agg(json_build_array(${dayOfDate('worked_on')}, hours::float8, category) ORDER BY worked_on, created_at)::text`.as(
              'j',
            ),
          ])
          .where('volunteer_user_id', '=', anyOf(ids))
          .where('status', '=', 'verified')
          .groupBy('volunteer_user_id'),
      ),
      rows(
        this.ds,
        db
          .selectFrom('supervision_sessions')
          .select([
            'volunteer_id as u',
            sql<string>`json_agg(${dayOfDate('held_on')} ORDER BY held_on)::text`.as('j'),
          ])
          .where('volunteer_id', '=', anyOf(ids))
          .where('kind', '=', 'session')
          .groupBy('volunteer_id'),
      ),
      rows(
        this.ds,
        db
          .selectFrom('ce_entries')
          .select([
            'user_id as u',
            sql<string>`json_agg(json_build_array(${dayOfDate('completed_on')}, hours::float8, category) ORDER BY completed_on, created_at)::text`.as(
              'j',
            ),
          ])
          .where('user_id', '=', anyOf(ids))
          .where('status', '=', 'approved')
          .groupBy('user_id'),
      ),
    ]);
    for (const r of courses) (get(r.u).courses as Map<string, Day>).set(r.slug, r.d);
    for (const r of drills) (get(r.u).drills as Map<string, Day>).set(r.id, r.d);
    const comp = (u: string, id: string, f: CompetencyFact) => {
      const m = get(u).competencies as Map<string, CompetencyFact[]>;
      m.set(id, [...(m.get(id) ?? []), f]);
    };
    for (const r of ratings)
      comp(r.u, r.id, { level: r.level, signedOff: r.signed, on: r.d, current: r.current });
    for (const r of signoffs)
      comp(r.u, r.id, { level: r.level, signedOff: true, on: r.d, current: r.current });
    const entries = (j: string): HoursEntry[] =>
      (JSON.parse(j) as [Day, number, string][]).map(([on, hours, category]) => ({
        on,
        hours,
        category,
      }));
    for (const r of practice) get(r.u).practice = entries(r.j);
    for (const r of sessions) get(r.u).supervision = JSON.parse(r.j) as Day[];
    for (const r of ce) get(r.u).ce = entries(r.j);
    return out;
  }

  /** Submitted (not yet verified or returned) practice hours per volunteer. */
  async awaitingVerification(userIds: string[]): Promise<Map<string, number>> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('practice_hours')
        .select(['volunteer_user_id as u', sql<number>`sum(hours)::float8`.as('h')])
        .where('volunteer_user_id', '=', anyOf(userIds))
        .where('status', '=', 'submitted')
        .groupBy('volunteer_user_id'),
    );
    return new Map(found.map((r) => [r.u, r.h]));
  }

  async snapshots(
    m: EntityManager,
    pathway: string,
    userIds: string[],
  ): Promise<Map<string, Snapshot>> {
    const found = await rows(
      m,
      snapshotQuery()
        .where('pathway_slug', '=', pathway)
        .where('user_id', '=', anyOf(userIds))
        .forUpdate(),
    );
    return new Map(found.map((r) => [r.userId, r]));
  }

  /** Upserts many snapshots in one statement (one JSON parameter, however many people). */
  async saveSnapshots(
    m: EntityManager,
    states: { userId: string; organizationId: string | null; state: PathwayState }[],
    at: Date,
  ): Promise<void> {
    if (!states.length) return;
    const json = states.map(({ userId, organizationId, state: s }) => ({
      user_id: userId,
      pathway_slug: s.pathway,
      organization_id: organizationId,
      stage_id: s.stageId,
      status: s.status,
      since: dateOf(s.since),
      next_stage_id: s.next?.stageId ?? null,
      next_deadline: dateOf(s.next?.deadline ?? null),
      missing: s.missing,
      valid_until: dateOf(s.renewal?.validUntil ?? null),
      renewal_window: s.renewal?.window ?? null,
      renewals: s.renewal?.renewals ?? 0,
    }));
    // jsonb_populate_recordset reads the rows with the table's own column types.
    const x = sql<
      Selectable<DB['pathway_states']>
    >`jsonb_populate_recordset(NULL::pathway_states, ${JSON.stringify(json)}::jsonb)`;
    const columns = [
      'user_id',
      'pathway_slug',
      'organization_id',
      'stage_id',
      'status',
      'since',
      'next_stage_id',
      'next_deadline',
      'missing',
      'valid_until',
      'renewal_window',
      'renewals',
    ] as const;
    await rows(
      m,
      db
        .insertInto('pathway_states')
        .columns([...columns, 'computed_at'])
        .expression(
          db
            .selectFrom(x.as('x'))
            .select(columns.map((c) => `x.${c}` as const))
            .select(sql<Date>`${at}::timestamptz`.as('computed_at')),
        )
        .onConflict((oc) =>
          oc.columns(['user_id', 'pathway_slug']).doUpdateSet((eb) => ({
            organization_id: eb.ref('excluded.organization_id'),
            stage_id: eb.ref('excluded.stage_id'),
            status: eb.ref('excluded.status'),
            since: eb.ref('excluded.since'),
            next_stage_id: eb.ref('excluded.next_stage_id'),
            next_deadline: eb.ref('excluded.next_deadline'),
            missing: eb.ref('excluded.missing'),
            valid_until: eb.ref('excluded.valid_until'),
            renewal_window: eb.ref('excluded.renewal_window'),
            renewals: eb.ref('excluded.renewals'),
            computed_at: eb.ref('excluded.computed_at'),
          })),
        ),
    );
  }

  /** The reminders already sent to these people, as `user|pathway|valid_until|kind` (so the nightly run opens no transaction for them). */
  async remindersSent(userIds: string[]): Promise<Set<string>> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('pathway_reminders_sent')
        .select(
          sql<string>`user_id || '|' || pathway_slug || '|' || ${dayOfDate('valid_until')} || '|' || kind`.as(
            'k',
          ),
        )
        .where('user_id', '=', anyOf(userIds)),
    );
    return new Set(found.map((r) => r.k));
  }

  /** Records a reminder; false when it was already sent (the job's idempotence). */
  async markReminder(
    m: EntityManager,
    userId: string,
    pathway: string,
    validUntil: Day,
    kind: string,
    at: Date,
  ): Promise<boolean> {
    const row = await first(
      m,
      db
        .insertInto('pathway_reminders_sent')
        .values({
          user_id: userId,
          pathway_slug: pathway,
          valid_until: dateOfDay(validUntil),
          kind,
          sent_at: at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(sql<number>`1`.as('ok')),
    );
    return row !== undefined;
  }

  /** The holder of a credential and its program (for the public verification answer). */
  credentialHolder(credentialId: string) {
    return first(
      this.ds,
      db
        .selectFrom('credentials')
        .select(['holder_user_id as holderUserId', 'program_slug as programSlug'])
        .where('id', '=', credentialId),
    );
  }

  /** Runs `work` only if this instance wins the job's advisory lock (common/advisory-lock.ts). */
  withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | undefined> {
    return withTryLock(this.ds, key, work);
  }
}
