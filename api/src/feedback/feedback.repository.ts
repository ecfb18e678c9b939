import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { db, first, rows } from '../database/sql.js';
import type { FeedbackChoice } from './feedback-flags.js';
import type { AnalysedQuestion } from './item-analysis.js';

export type Kind = 'module' | 'drill';
/** What one piece of feedback is about: a module or drill, in one version. */
export interface Subject {
  kind: Kind;
  id: string;
  version: string;
  organizationId: string | null;
}

/** `= ANY($1)`: one array parameter, so an empty list is a valid query. */
const anyOf = (values: string[]) => sql<string>`ANY(${values})`;

/**
 * Every query of content feedback and item analysis.
 *
 * Privacy: the answer is stored without the person (content_feedback has no user column, only the
 * month); that the person answered is stored apart (content_feedback_given, without the answer). No
 * method here joins the two.
 */
@Injectable()
export class FeedbackRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The module version the person's progress keeps, else the module's current one. */
  async moduleVersionFor(userId: string, moduleId: string): Promise<string | null> {
    const row = await first(
      this.ds,
      db.selectNoFrom((eb) =>
        eb.fn
          .coalesce(
            eb
              .selectFrom('module_progress')
              .select('module_version_id')
              .where('user_id', '=', userId)
              .where('module_id', '=', moduleId),
            eb.selectFrom('modules').select('current_version_id').where('id', '=', moduleId),
          )
          .as('version'),
      ),
    );
    return row?.version ?? null;
  }

  /**
   * Asked by every module page, in one statement: the version the person read (as `moduleVersionFor`)
   * and whether they answered on it.
   */
  async moduleState(
    userId: string,
    moduleId: string,
  ): Promise<{ version: string | null; given: boolean }> {
    const row = await first(
      this.ds,
      db.selectNoFrom((eb) => {
        const version = eb.fn.coalesce(
          eb
            .selectFrom('module_progress')
            .select('module_version_id')
            .where('user_id', '=', userId)
            .where('module_id', '=', moduleId),
          eb.selectFrom('modules').select('current_version_id').where('id', '=', moduleId),
        );
        return [
          version.as('version'),
          eb
            .exists(
              eb
                .selectFrom('content_feedback_given as g')
                .select('g.user_id')
                .where('g.user_id', '=', userId)
                .where('g.subject_kind', '=', 'module')
                .where('g.subject_id', '=', moduleId)
                .where('g.content_version', '=', sql<string>`(${version})::text`),
            )
            .as('given'),
        ];
      }),
    );
    return { version: row?.version ?? null, given: row?.given === true };
  }

  /** The person's own drill attempt (undefined for someone else's). */
  ownDrillAttempt(attemptId: string, userId: string) {
    return first(
      this.ds,
      db
        .selectFrom('drill_attempts')
        .select(['drill_id as drillId', 'drill_hash as hash', 'status', 'organization_id as org'])
        .where('id', '=', attemptId)
        .where('volunteer_id', '=', userId),
    );
  }

  async given(userId: string, s: Subject): Promise<boolean> {
    const row = await first(
      this.ds,
      db
        .selectFrom('content_feedback_given')
        .select(sql<number>`1`.as('one'))
        .where('user_id', '=', userId)
        .where('subject_kind', '=', s.kind)
        .where('subject_id', '=', s.id)
        .where('content_version', '=', s.version),
    );
    return row !== undefined;
  }

  /**
   * Records that the person answered and, apart, the answer, in one transaction; false (nothing
   * written) when they already answered on this version.
   */
  give(
    userId: string,
    s: Subject,
    answer: { choice: FeedbackChoice; comment: string | null; month: string },
  ): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const marked = await first(
        m,
        db
          .insertInto('content_feedback_given')
          .values({
            user_id: userId,
            subject_kind: s.kind,
            subject_id: s.id,
            content_version: s.version,
          })
          .onConflict((oc) => oc.doNothing())
          .returning(sql<number>`1`.as('one')),
      );
      if (!marked) return false;
      await rows(
        m,
        db.insertInto('content_feedback').values({
          organization_id: s.organizationId,
          subject_kind: s.kind,
          subject_id: s.id,
          content_version: s.version,
          choice: answer.choice,
          comment: answer.comment,
          given_month: answer.month,
        }),
      );
      return true;
    });
  }

  /** Answers per subject, version and choice, for the programs' organizations. */
  counts(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('content_feedback')
        .select([
          'subject_kind as kind',
          'subject_id as id',
          'content_version as version',
          'choice',
          sql<number>`count(*)::int`.as('n'),
        ])
        .where('organization_id', '=', anyOf(organizationIds))
        .groupBy(['subject_kind', 'subject_id', 'content_version', 'choice'])
        .$narrowType<{ kind: Kind; choice: FeedbackChoice }>(),
    );
  }

  /** The comments, ordered by the random id: neither the order of giving nor the month comes out. */
  comments(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('content_feedback')
        .select([
          'subject_kind as kind',
          'subject_id as id',
          'content_version as version',
          'choice',
          'comment',
        ])
        .where('organization_id', '=', anyOf(organizationIds))
        .where('comment', 'is not', null)
        .orderBy('id')
        .$narrowType<{ kind: Kind; choice: FeedbackChoice; comment: string }>(),
    );
  }

  moduleVersions(moduleIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('module_versions as v')
        .innerJoin('modules as m', 'm.id', 'v.module_id')
        .select([
          'v.id',
          'v.module_id as moduleId',
          'm.title',
          'v.created_at as since',
          sql<boolean>`(m.current_version_id = v.id)`.as('current'),
        ])
        .where('v.module_id', '=', anyOf(moduleIds)),
    );
  }

  /** When each drill version was first attempted. */
  drillVersions(hashes: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('drill_attempts')
        .select(['drill_hash as hash', sql<Date>`min(started_at)`.as('since')])
        .where('drill_hash', '=', anyOf(hashes))
        .groupBy('drill_hash'),
    );
  }

  /** Attempts at the current version of each module by the organizations' volunteers, each marked first or a retake. */
  currentVersionAttempts(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('quiz_attempts as a')
        .innerJoin('modules as m', (j) =>
          j
            .onRef('m.id', '=', 'a.module_id')
            .onRef('m.current_version_id', '=', 'a.module_version_id'),
        )
        .select([
          'a.module_id as moduleId',
          'a.answers',
          sql<boolean>`NOT EXISTS (SELECT 1 FROM quiz_attempts b
                        WHERE b.user_id = a.user_id AND b.module_id = a.module_id
                          AND (b.created_at, b.id) < (a.created_at, a.id))`.as('first'),
        ])
        .where('a.user_id', 'in', (eb) =>
          eb
            .selectFrom('memberships')
            .select('user_id')
            .where('organization_id', '=', anyOf(organizationIds))
            .where('role', '=', 'volunteer'),
        )
        .$narrowType<{ answers: Record<string, string> }>(),
    );
  }

  /** The modules with their current version's questions. */
  currentQuizzes(moduleIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('modules as m')
        .innerJoin('module_versions as v', 'v.id', 'm.current_version_id')
        // The stored quiz is the module's questions as the content package wrote them (jsonb).
        .select(['m.id', 'm.title', sql<AnalysedQuestion[]>`v.quiz`.as('quiz')])
        .where('m.id', '=', anyOf(moduleIds))
        .orderBy('m.id'),
    );
  }

  /** Every drill attempt of the organizations' volunteers, any version, with its path of choices. */
  drillAttempts(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('drill_attempts as a')
        .select([
          'a.drill_id as drillId',
          'a.volunteer_id as volunteerId',
          'a.drill_hash as hash',
          'a.status',
          'a.current_node as currentNode',
          'a.path',
          'a.score',
          'a.passed',
          'a.started_at as startedAt',
          'a.updated_at as updatedAt',
        ])
        .where('a.volunteer_id', 'in', (eb) =>
          eb
            .selectFrom('memberships')
            .select('user_id')
            .where('organization_id', '=', anyOf(organizationIds))
            .where('role', '=', 'volunteer'),
        )
        .orderBy('a.started_at')
        // path is the jsonb array of PathStep the drills module writes; status is CHECKed open|finished
        .$narrowType<{ path: { node: string; choice: number }[]; status: 'open' | 'finished' }>(),
    );
  }
}
