import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { db, rows } from '../database/sql.js';

const month = (column: string) =>
  sql<string>`to_char(date_trunc('month', ${sql.ref(column)}), 'YYYY-MM')`;

/** The evidence program evaluation reads: who was invited and joined, and when each milestone came. */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  volunteers(orgs: string[]) {
    if (!orgs.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id as userId', 'm.organization_id as orgId', 'm.created_at as joinedAt'])
        .select(sql<string>`lower(u.email)`.as('email'))
        .where('m.role', '=', 'volunteer')
        .where('m.organization_id', 'in', orgs),
    );
  }

  volunteerInvites(orgs: string[]) {
    if (!orgs.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('invites')
        .select([
          'organization_id as orgId',
          'created_at as invitedAt',
          'accepted_at as acceptedAt',
        ])
        .select(sql<string>`lower(email)`.as('email'))
        .where('role', '=', 'volunteer')
        .where('organization_id', 'in', orgs)
        .orderBy('created_at'),
    );
  }

  /** When each person first finished a module (any course). */
  firstModules(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('module_progress')
        .select('user_id as userId')
        .select((e) => e.fn.min('completed_at').as('at'))
        .where('user_id', 'in', userIds)
        .where('completed_at', 'is not', null)
        .groupBy('user_id'),
    );
  }

  /** When each person first enrolled in a course (finishing a knowledge check enrolls too). */
  firstEnrollments(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('enrollments')
        .select('user_id as userId')
        .select((e) => e.fn.min('created_at').as('at'))
        .where('user_id', 'in', userIds)
        .groupBy('user_id'),
    );
  }

  /**
   * When each person first finished a whole course: every one of its modules completed, dated by the last
   * of them (as the pathway engine counts a course).
   */
  firstCoursesDone(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    const perCourse = db
      .selectFrom('module_progress as p')
      .innerJoin('modules as m', 'm.id', 'p.module_id')
      .select('p.user_id as userId')
      .select((e) => e.fn.max('p.completed_at').as('doneAt'))
      .where('p.user_id', 'in', userIds)
      .where('p.status', '=', 'completed')
      .where('p.completed_at', 'is not', null)
      .groupBy(['p.user_id', 'm.course_id'])
      .having((eb) =>
        eb(
          eb.fn.countAll(),
          '=',
          eb
            .selectFrom('modules as m2')
            .select((e2) => e2.fn.countAll().as('n'))
            .whereRef('m2.course_id', '=', 'm.course_id'),
        ),
      );
    return rows(
      this.ds,
      db
        .selectFrom(perCourse.as('c'))
        .select('c.userId')
        .select((e) => e.fn.min('c.doneAt').as('at'))
        .groupBy('c.userId'),
    );
  }

  /** When each person first passed a drill (solo, finished). */
  firstDrillsPassed(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('drill_attempts')
        .select('volunteer_id as userId')
        .select((e) => e.fn.min('finished_at').as('at'))
        .where('volunteer_id', 'in', userIds)
        .where('passed', '=', true)
        .where('finished_at', 'is not', null)
        .groupBy('volunteer_id'),
    );
  }

  /** When a supervisor first signed off one of each person's competencies. */
  firstSignoffs(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('signoff_requests')
        .select('volunteer_id as userId')
        .select((e) => e.fn.min('decided_at').as('at'))
        .where('volunteer_id', 'in', userIds)
        .where('status', '=', 'signed_off')
        .where('decided_at', 'is not', null)
        .groupBy('volunteer_id'),
    );
  }

  /**
   * When each person's first renewal came: the issue date of the first certificate from one of these
   * organizations that replaced (superseded) an earlier one of theirs.
   */
  firstRenewals(userIds: string[], orgs: string[]) {
    if (!userIds.length || !orgs.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('credentials as renewal')
        .innerJoin('credentials as old', (j) =>
          j
            .onRef('old.superseded_by', '=', 'renewal.id')
            .onRef('old.holder_user_id', '=', 'renewal.holder_user_id'),
        )
        .select('renewal.holder_user_id as userId')
        .select((e) => e.fn.min('renewal.issued_at').as('at'))
        .where('renewal.holder_user_id', 'in', userIds)
        .where('renewal.organization_id', 'in', orgs)
        .groupBy('renewal.holder_user_id'),
    );
  }

  /**
   * When each person reached their pathway's last stage (status current, or renewed since): the stage's
   * `since`, the day the pathway engine dates it (a date, read as midnight UTC).
   */
  pathwaysComplete(userIds: string[]) {
    if (!userIds.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('pathway_states')
        .select('user_id as userId')
        .select(sql<Date>`min(since)::timestamp AT TIME ZONE 'UTC'`.as('at'))
        .where('user_id', 'in', userIds)
        .where('status', 'in', ['current', 'renewed'])
        .groupBy('user_id'),
    );
  }

  /** The first certificate each person holds from one of these organizations. */
  firstCertificates(userIds: string[], orgs: string[]) {
    if (!userIds.length || !orgs.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('credentials')
        .select('holder_user_id as userId')
        .select((e) => e.fn.min('issued_at').as('at'))
        .where('holder_user_id', 'in', userIds)
        .where('organization_id', 'in', orgs)
        .groupBy('holder_user_id'),
    );
  }

  /** (person, YYYY-MM) for every month since `since` with a module finished, a check, a drill or hours. */
  activeMonths(userIds: string[], since: Date) {
    if (!userIds.length) return Promise.resolve([]);
    const q = db
      .selectFrom('module_progress')
      .select(['user_id as userId', month('completed_at').as('month')])
      .where('user_id', 'in', userIds)
      .where('completed_at', '>=', since)
      .union(
        db
          .selectFrom('quiz_attempts')
          .select(['user_id as userId', month('created_at').as('month')])
          .where('user_id', 'in', userIds)
          .where('created_at', '>=', since),
      )
      .union(
        db
          .selectFrom('drill_attempts')
          .select(['volunteer_id as userId', month('started_at').as('month')])
          .where('volunteer_id', 'in', userIds)
          .where('started_at', '>=', since),
      )
      .union(
        db
          .selectFrom('practice_hours')
          .select(['volunteer_user_id as userId', month('worked_on').as('month')])
          .where('volunteer_user_id', 'in', userIds)
          .where('worked_on', '>=', since),
      );
    return rows(this.ds, q);
  }

  /** Sign-off requests of these volunteers decided since `since`. */
  signoffDecisions(userIds: string[], since: Date) {
    if (!userIds.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('signoff_requests')
        .select([
          'volunteer_id as volunteerId',
          'created_at as requestedAt',
          'decided_at as decidedAt',
        ])
        .where('volunteer_id', 'in', userIds)
        .where('decided_at', '>=', since)
        .$narrowType<{ decidedAt: Date }>(),
    );
  }

  /** Verified practice hours logged with these organizations, worked since `since`. */
  verifiedHours(orgs: string[], since: Date) {
    if (!orgs.length) return Promise.resolve([]);
    return rows(
      this.ds,
      db
        .selectFrom('practice_hours')
        .select(['volunteer_user_id as volunteerId', month('worked_on').as('month')])
        .select(sql<number>`hours::float8`.as('hours'))
        .where('organization_id', 'in', orgs)
        .where('status', '=', 'verified')
        .where('worked_on', '>=', since),
    );
  }
}
