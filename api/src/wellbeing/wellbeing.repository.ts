import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { db, first, rows } from '../database/sql.js';
import type { CheckInDto, Within } from './wellbeing.dto.js';

/** `= ANY($1)`: one array parameter, so an empty list is a valid query (unlike `IN ()`). */
const anyOf = (ids: string[]) => sql<string>`ANY(${ids})`;

/** A `date` column as the calendar day it holds (YYYY-MM-DD), not a Date at local midnight. */
const day = (column: 'starts_on' | 'ends_on') =>
  sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** A timestamptz as its UTC calendar day (YYYY-MM-DD). */
const utcDay = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** The check-in row as stored; `note` is '' when none was written. */
export interface CheckInRow {
  id: string;
  occasion: CheckInDto['occasion'];
  weight: number;
  sleep: number;
  someone: CheckInDto['someone'];
  note: string;
}

/**
 * Every query of peer wellbeing (issue 21).
 *
 * Privacy: a check-in's answers are the volunteer's alone. `checkIns` is the only method that returns
 * `wellbeing_checkins` rows, and the service calls it only with the signed-in person's id; the
 * coordinators' figures (`programCounts`) are counts, never a person or an answer, and the monthly
 * invitation (`dueForMonthly`) asks only whether a check-in exists. What a supervisor learns is the debrief
 * request: that one was asked, how soon, and when it was held.
 *
 * Methods that take an EntityManager run inside the caller's transaction; pass it whenever inside
 * one (a second pool connection per transaction can exhaust the pool).
 */
@Injectable()
export class WellbeingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  private q(m?: EntityManager) {
    return m ?? this.ds.manager;
  }

  // ---- the volunteer's own page

  /** The person's check-ins, oldest first. */
  checkIns(userId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('wellbeing_checkins')
        .select(['id', 'occasion', 'weight', 'sleep', 'someone', 'note', 'created_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .$narrowType<Pick<CheckInRow, 'occasion' | 'someone'>>(),
    );
  }

  /** The person's last 20 debrief requests, newest first. */
  debriefs(volunteerId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('debrief_requests')
        .select(['id', 'within', 'asked_at', 'held_at'])
        .where('volunteer_id', '=', volunteerId)
        .orderBy('asked_at', 'desc')
        .orderBy('id')
        .limit(20)
        .$narrowType<{ within: Within }>(),
    );
  }

  /**
   * What runs out within twelve months of `now`: current competency ratings and active, not superseded
   * certificates, each with its UTC end day, soonest first. A competency's `name` is its id (the
   * service looks the title up); a certificate's is its signed name, else its program. Both as JSON: a signed
   * name may be language values, which the service reads in the person's language.
   */
  deadlines(userId: string, now: Date) {
    const inAYear = sql<Date>`${now}::timestamptz + interval '12 months'`;
    return rows(
      this.ds,
      db
        .selectFrom('competency_ratings')
        .select([
          sql<'competency' | 'certificate'>`'competency'`.as('kind'),
          sql`to_jsonb(competency_id)`.as('name'),
          utcDay('valid_until').as('until'),
        ])
        .where('volunteer_id', '=', userId)
        .where('status', '=', 'current')
        .where('valid_until', '>', now)
        .where('valid_until', '<=', inAYear)
        .unionAll(
          db
            .selectFrom('credentials')
            .select([
              sql<'competency' | 'certificate'>`'certificate'`.as('kind'),
              sql`coalesce(signed->'name', to_jsonb(program_slug), '""'::jsonb)`.as('name'),
              utcDay('valid_until').as('until'),
            ])
            .where('holder_user_id', '=', userId)
            .where('state', '=', 'active')
            .where('superseded_by', 'is', null)
            .where('valid_until', '>', now)
            .where('valid_until', '<=', inAYear),
        )
        .orderBy('until')
        .orderBy('name'),
    );
  }

  /** The person's supervisors who can still sign in: whom to reach. */
  contacts(volunteerId: string) {
    return rows(
      this.ds,
      db
        .selectFrom('supervisor_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.supervisor_id')
        .select(['u.name', 'u.email'])
        .distinct()
        .where('a.volunteer_id', '=', volunteerId)
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .orderBy('u.email'),
    );
  }

  // ---- rest weeks

  /**
   * The current rest week, else the next one (`today` is a UTC day). A week ended before it began
   * (`ends_on = starts_on - 1`, a cancelled one) is no week.
   */
  restWeek(userId: string, today: string, m?: EntityManager) {
    return first(
      this.q(m),
      db
        .selectFrom('rest_weeks')
        .select([day('starts_on').as('starts_on'), day('ends_on').as('ends_on')])
        .where('user_id', '=', userId)
        .where('ends_on', '>=', sql<Date>`${today}::date`)
        .whereRef('ends_on', '>=', 'starts_on')
        .orderBy('starts_on')
        .limit(1),
    );
  }

  /** Serialises rest-week changes of one person until the transaction ends. */
  async lockRestWeeks(m: EntityManager, userId: string): Promise<void> {
    await rows(
      m,
      db.selectNoFrom(
        sql<null>`pg_advisory_xact_lock(hashtext('rest-week:' || ${userId}))`.as('locked'),
      ),
    );
  }

  /** Whether a rest week is under way or planned on `today` or after. */
  async hasOpenRestWeek(m: EntityManager, userId: string, today: string): Promise<boolean> {
    const row = await first(
      m,
      db
        .selectFrom('rest_weeks')
        .select(sql<number>`1`.as('one'))
        .where('user_id', '=', userId)
        .where('ends_on', '>=', sql<Date>`${today}::date`)
        .whereRef('ends_on', '>=', 'starts_on'),
    );
    return row !== undefined;
  }

  /** Seven days from `startsOn`; a week once cancelled on that same start day is planned again. */
  async upsertRestWeek(
    m: EntityManager,
    userId: string,
    startsOn: string,
    now: Date,
  ): Promise<void> {
    await rows(
      m,
      db
        .insertInto('rest_weeks')
        .values({
          user_id: userId,
          starts_on: sql<Date>`${startsOn}::date`,
          ends_on: sql<Date>`${startsOn}::date + 6`,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'starts_on']).doUpdateSet((eb) => ({
            ends_on: eb.ref('excluded.ends_on'),
            created_at: eb.ref('excluded.created_at'),
          })),
        ),
    );
  }

  /**
   * Ends the current week (its last day becomes yesterday) or cancels an upcoming one (it ends the
   * day before it starts, which `restWeek` and the checks here read as no week).
   */
  async endRestWeek(userId: string, today: string): Promise<void> {
    await rows(
      this.ds,
      db
        .updateTable('rest_weeks')
        .set({ ends_on: sql<Date>`GREATEST(starts_on - 1, ${today}::date - 1)` })
        .where('user_id', '=', userId)
        .where('ends_on', '>=', sql<Date>`${today}::date`)
        .whereRef('ends_on', '>=', 'starts_on'),
    );
  }

  // ---- check-ins and debrief requests

  async addCheckIn(
    m: EntityManager,
    userId: string,
    c: Omit<CheckInRow, 'id'>,
    now: Date,
  ): Promise<string> {
    const row = await first(
      m,
      db
        .insertInto('wellbeing_checkins')
        .values({ user_id: userId, ...c, created_at: now })
        .returning('id'),
    );
    return row!.id;
  }

  async hasOpenDebrief(m: EntityManager, volunteerId: string): Promise<boolean> {
    const row = await first(
      m,
      db
        .selectFrom('debrief_requests')
        .select(sql<number>`1`.as('one'))
        .where('volunteer_id', '=', volunteerId)
        .where('held_at', 'is', null),
    );
    return row !== undefined;
  }

  /** The person's open debrief request (at most one: a unique index), locked until the transaction ends. */
  openDebriefForUpdate(m: EntityManager, volunteerId: string) {
    return first(
      m,
      db
        .selectFrom('debrief_requests')
        .select(['id', 'within'])
        .where('volunteer_id', '=', volunteerId)
        .where('held_at', 'is', null)
        .forUpdate()
        .$narrowType<{ within: Within }>(),
    );
  }

  async setDebriefWithin(m: EntityManager, id: string, within: Within): Promise<void> {
    await rows(m, db.updateTable('debrief_requests').set({ within }).where('id', '=', id));
  }

  async addDebrief(
    m: EntityManager,
    volunteerId: string,
    within: Within,
    now: Date,
  ): Promise<void> {
    await rows(
      m,
      db
        .insertInto('debrief_requests')
        .values({ volunteer_id: volunteerId, within, asked_at: now }),
    );
  }

  /** Everyone assigned to supervise the volunteer, in any organization. */
  async supervisorIds(m: EntityManager, volunteerId: string): Promise<string[]> {
    const found = await rows(
      m,
      db
        .selectFrom('supervisor_assignments')
        .select('supervisor_id as id')
        .distinct()
        .where('volunteer_id', '=', volunteerId),
    );
    return found.map((r) => r.id);
  }

  /**
   * Open requests of volunteers the supervisor is assigned in one of `organizationIds` (the ones where
   * they hold the supervisor role), oldest first; disabled volunteers left out.
   */
  queue(supervisorId: string, organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('debrief_requests as d')
        .innerJoin('users as u', 'u.id', 'd.volunteer_id')
        .select(['d.id', 'd.volunteer_id', 'u.name', 'd.within', 'd.asked_at'])
        .where('d.held_at', 'is', null)
        .where('u.disabled_at', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('supervisor_assignments as a')
              .select(sql<number>`1`.as('one'))
              .whereRef('a.volunteer_id', '=', 'd.volunteer_id')
              .where('a.supervisor_id', '=', supervisorId)
              .where('a.organization_id', '=', anyOf(organizationIds)),
          ),
        )
        .orderBy('d.asked_at')
        .orderBy('d.id')
        .$narrowType<{ within: Within }>(),
    );
  }

  /** The open request `id` if it is of one of the supervisor's volunteers (as `queue`), locked. */
  openRequestOfCohortForUpdate(
    m: EntityManager,
    id: string,
    supervisorId: string,
    organizationIds: string[],
  ) {
    return first(
      m,
      db
        .selectFrom('debrief_requests as d')
        .select('d.volunteer_id')
        .where('d.id', '=', id)
        .where('d.held_at', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('supervisor_assignments as a')
              .select(sql<number>`1`.as('one'))
              .whereRef('a.volunteer_id', '=', 'd.volunteer_id')
              .where('a.supervisor_id', '=', supervisorId)
              .where('a.organization_id', '=', anyOf(organizationIds)),
          ),
        )
        .forUpdate(),
    );
  }

  async closeDebrief(
    m: EntityManager,
    id: string,
    held: { at: Date; by: string; sessionId: string },
  ): Promise<void> {
    await rows(
      m,
      db
        .updateTable('debrief_requests')
        .set({ held_at: held.at, held_by: held.by, session_id: held.sessionId })
        .where('id', '=', id),
    );
  }

  // ---- the monthly invitation

  /**
   * Volunteers who can sign in, with no check-in after `since`, not yet invited in `month`, and not in a
   * rest week on `today`.
   */
  async dueForMonthly(since: Date, month: string, today: string): Promise<string[]> {
    const found = await rows(
      this.ds,
      db
        .selectFrom('users as u')
        .innerJoin('memberships as ms', (j) =>
          j.onRef('ms.user_id', '=', 'u.id').on('ms.role', '=', 'volunteer'),
        )
        .select('u.id')
        .distinct()
        .where('u.disabled_at', 'is', null)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('wellbeing_checkins as c')
                .select(sql<number>`1`.as('one'))
                .whereRef('c.user_id', '=', 'u.id')
                .where('c.created_at', '>', since),
            ),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('wellbeing_reminders_sent as r')
                .select(sql<number>`1`.as('one'))
                .whereRef('r.user_id', '=', 'u.id')
                .where('r.month', '=', month),
            ),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('rest_weeks as w')
                .select(sql<number>`1`.as('one'))
                .whereRef('w.user_id', '=', 'u.id')
                .where(sql<boolean>`${today}::date BETWEEN w.starts_on AND w.ends_on`),
            ),
          ),
        ),
    );
    return found.map((r) => r.id);
  }

  /** Marks the person invited for `month`; false when they already were (nothing written). */
  async markMonthlySent(m: EntityManager, userId: string, month: string, now: Date) {
    const row = await first(
      m,
      db
        .insertInto('wellbeing_reminders_sent')
        .values({ user_id: userId, month, sent_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning(sql<number>`1`.as('one')),
    );
    return row !== undefined;
  }

  // ---- the coordinators' figures

  /**
   * Counts over the organizations' volunteers since `since`, each with the number of different people it
   * is drawn from (the service withholds a figure drawn from too few): check-ins, debriefs asked, debriefs
   * held, and the median hours from ask to hold. Never a person or an answer.
   */
  async programCounts(organizationIds: string[], since: Date) {
    const row = await first(
      this.ds,
      db
        .with('vols', (w) =>
          w
            .selectFrom('memberships')
            .select('user_id')
            .distinct()
            .where('role', '=', 'volunteer')
            .where('organization_id', '=', anyOf(organizationIds)),
        )
        .with('c', (w) =>
          w
            .selectFrom('wellbeing_checkins')
            .select('user_id')
            .where('user_id', 'in', (eb) => eb.selectFrom('vols').select('user_id'))
            .where('created_at', '>', since),
        )
        .with('d', (w) =>
          w
            .selectFrom('debrief_requests')
            .select(['volunteer_id', 'asked_at', 'held_at'])
            .where('volunteer_id', 'in', (eb) => eb.selectFrom('vols').select('user_id'))
            .where('asked_at', '>', since),
        )
        .selectNoFrom((eb) => {
          const held = () => eb.selectFrom('d').where('held_at', 'is not', null);
          return [
            eb
              .selectFrom('c')
              .select(sql<number>`count(*)::int`.as('n'))
              .as('checkins'),
            eb
              .selectFrom('c')
              .select(sql<number>`count(DISTINCT user_id)::int`.as('n'))
              .as('checkin_people'),
            eb
              .selectFrom('d')
              .select(sql<number>`count(*)::int`.as('n'))
              .as('asked'),
            eb
              .selectFrom('d')
              .select(sql<number>`count(DISTINCT volunteer_id)::int`.as('n'))
              .as('asked_people'),
            held()
              .select(sql<number>`count(*)::int`.as('n'))
              .as('held'),
            held()
              .select(sql<number>`count(DISTINCT volunteer_id)::int`.as('n'))
              .as('held_people'),
            held()
              .select(
                sql<
                  number | null
                >`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM held_at - asked_at) / 3600)::float8`.as(
                  'n',
                ),
              )
              .as('median_hours'),
          ];
        }),
    );
    // One row always (aggregates over no rows are 0 and null).
    const r = row!;
    return {
      checkins: r.checkins ?? 0,
      checkinPeople: r.checkin_people ?? 0,
      asked: r.asked ?? 0,
      askedPeople: r.asked_people ?? 0,
      held: r.held ?? 0,
      heldPeople: r.held_people ?? 0,
      medianHours: r.median_hours,
    };
  }
}
