import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql, type ExpressionBuilder } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, db, first, rows, type Row } from '../database/sql.js';
import type { DB, Json } from '../database/schema.js';
import type { PathStep } from './drill-walk.js';

/** `= ANY($1::uuid[])`: one array parameter, so an empty list is a valid query. */
const anyUuid = (ids: string[]) => sql<string>`ANY(${ids}::uuid[])`;

/**
 * The walked path, a jsonb array of steps. `$castTo` rather than `$narrowType`: PathStep is an
 * interface, which TypeScript does not count as a JSON object.
 */
const walkedPath = (eb: ExpressionBuilder<DB, 'drill_attempts'>) =>
  eb.ref('path').$castTo<PathStep[]>().as('path');

/** An attempt's columns, as the service reads them (a SELECT and the RETURNING of a start). */
const ATTEMPT = [
  'id',
  'volunteer_id as volunteerId',
  'organization_id as organizationId',
  'drill_id as drillId',
  'drill_hash as drillHash',
  'status',
  'current_node as currentNode',
  walkedPath,
  'score',
  'max_score as maxScore',
  'pass_score as passScore',
  'end_node as endNode',
  'outcome',
  'passed',
  'reflection',
  'started_at as startedAt',
  'updated_at as updatedAt',
  'finished_at as finishedAt',
] as const;

/** What the status column holds (a CHECK). */
interface AttemptNarrowed {
  status: 'open' | 'finished';
}

const attemptQuery = () =>
  db.selectFrom('drill_attempts').select(ATTEMPT).$narrowType<AttemptNarrowed>();

export type AttemptRow = Row<ReturnType<typeof attemptQuery>>;

const reviewQuery = () =>
  db
    .selectFrom('drill_reviews as r')
    .innerJoin('drill_attempts as a', 'a.id', 'r.attempt_id')
    .innerJoin('users as u', 'u.id', 'r.volunteer_id')
    .select((eb) => [
      'r.id',
      'r.attempt_id as attemptId',
      'r.volunteer_id as volunteerId',
      'u.name as volunteerName',
      'r.drill_id as drillId',
      'r.outcome',
      'r.flags',
      eb.ref('a.path').$castTo<PathStep[]>().as('path'),
      'a.score',
      'r.created_at as createdAt',
    ]);

export type ReviewRow = Row<ReturnType<typeof reviewQuery>>;

/** The step appended to an attempt's path, and its score added. */
const stepped = (step: PathStep, nextNode: string, at: Date) => ({
  path: sql<Json>`path || ${JSON.stringify([step])}::jsonb`,
  score: sql<number>`score + ${step.score}`,
  current_node: nextNode,
  updated_at: at,
});

/** Every query of branching-drill attempts and the review queue. */
@Injectable()
export class DrillsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  attemptsOf(volunteerId: string): Promise<AttemptRow[]> {
    return rows(
      this.ds,
      attemptQuery().where('volunteer_id', '=', volunteerId).orderBy('started_at', 'desc'),
    );
  }

  attempt(id: string, manager?: EntityManager, lock = false): Promise<AttemptRow | undefined> {
    return first(
      manager ?? this.ds.manager,
      attemptQuery()
        .where('id', '=', id)
        .$if(lock, (qb) => qb.forUpdate()),
    );
  }

  openAttempt(
    volunteerId: string,
    drillId: string,
    on: EntityManager | DataSource = this.ds,
  ): Promise<AttemptRow | undefined> {
    return first(
      on,
      attemptQuery()
        .where('volunteer_id', '=', volunteerId)
        .where('drill_id', '=', drillId)
        .where('status', '=', 'open'),
    );
  }

  /** Starts an attempt, or returns the open one (the partial unique index settles a race between two tabs). */
  async startOrResume(a: {
    volunteerId: string;
    organizationId: string | null;
    drillId: string;
    drillHash: string;
    startNode: string;
    maxScore: number;
    passScore: number;
    at: Date;
    /** a transaction to start it in (an idempotent start: IdempotencyService) */
    on?: EntityManager;
  }): Promise<{ row: AttemptRow; resumed: boolean }> {
    const on = a.on ?? this.ds;
    const inserted = await first(
      on,
      db
        .insertInto('drill_attempts')
        .values({
          volunteer_id: a.volunteerId,
          organization_id: a.organizationId,
          drill_id: a.drillId,
          drill_hash: a.drillHash,
          current_node: a.startNode,
          max_score: a.maxScore,
          pass_score: a.passScore,
          started_at: a.at,
          updated_at: a.at,
        })
        .onConflict((oc) =>
          oc.columns(['volunteer_id', 'drill_id']).where('status', '=', 'open').doNothing(),
        )
        .returning(ATTEMPT)
        .$narrowType<AttemptNarrowed>(),
    );
    if (inserted) return { row: inserted, resumed: false };
    return { row: (await this.openAttempt(a.volunteerId, a.drillId, on))!, resumed: true };
  }

  async advance(
    m: EntityManager,
    id: string,
    step: PathStep,
    nextNode: string,
    at: Date,
  ): Promise<void> {
    await rows(
      m,
      db
        .updateTable('drill_attempts')
        .set(stepped(step, nextNode, at))
        .where('id', '=', id),
    );
  }

  /** `advance` without a transaction, applied only if the attempt is still open at `fromNode` after `steps` steps; false if it moved on. */
  async advanceIfAt(
    id: string,
    fromNode: string,
    steps: number,
    step: PathStep,
    nextNode: string,
    at: Date,
  ): Promise<boolean> {
    const n = await affected(
      this.ds,
      db
        .updateTable('drill_attempts')
        .set(stepped(step, nextNode, at))
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('current_node', '=', fromNode)
        .where(sql<number>`jsonb_array_length(path)`, '=', steps),
    );
    return n === 1;
  }

  async finish(
    m: EntityManager,
    id: string,
    f: { endNode: string; outcome: string; passed: boolean; at: Date },
  ): Promise<void> {
    await rows(
      m,
      db
        .updateTable('drill_attempts')
        .set({
          status: 'finished',
          end_node: f.endNode,
          outcome: f.outcome,
          passed: f.passed,
          finished_at: f.at,
          updated_at: f.at,
        })
        .where('id', '=', id),
    );
  }

  async saveReflection(id: string, reflection: string, at: Date): Promise<void> {
    await rows(
      this.ds,
      db.updateTable('drill_attempts').set({ reflection, updated_at: at }).where('id', '=', id),
    );
  }

  async addReview(
    m: EntityManager,
    r: {
      attemptId: string;
      volunteerId: string;
      organizationId: string | null;
      drillId: string;
      outcome: string;
      flags: string[];
      at: Date;
    },
  ): Promise<void> {
    await rows(
      m,
      db
        .insertInto('drill_reviews')
        .values({
          attempt_id: r.attemptId,
          volunteer_id: r.volunteerId,
          organization_id: r.organizationId,
          drill_id: r.drillId,
          outcome: r.outcome,
          flags: r.flags,
          created_at: r.at,
        })
        .onConflict((oc) => oc.column('attempt_id').doNothing()),
    );
  }

  /** Closes an open review the supervisor may see (same rule as openReviews); false when there is none. */
  async closeReview(
    reviewId: string,
    supervisorId: string,
    organizationIds: string[],
    at: Date,
  ): Promise<boolean> {
    const n = await affected(
      this.ds,
      db
        .updateTable('drill_reviews as r')
        .set({ reviewed_at: at, reviewed_by: supervisorId })
        .where('r.id', '=', reviewId)
        .where('r.reviewed_at', 'is', null)
        .where('r.organization_id', '=', anyUuid(organizationIds))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('supervisor_assignments as sa')
                .select(sql<number>`1`.as('one'))
                .whereRef('sa.organization_id', '=', 'r.organization_id')
                .whereRef('sa.volunteer_id', '=', 'r.volunteer_id')
                .where('sa.supervisor_id', '<>', supervisorId),
            ),
          ),
        ),
    );
    return n > 0;
  }

  /**
   * Open reviews a supervisor should see, newest first: their own cohort's, and those of volunteers in their
   * organizations who have no supervisor assigned yet (so nothing falls through the cracks).
   */
  openReviews(supervisorId: string, organizationIds: string[], limit = 100): Promise<ReviewRow[]> {
    return rows(
      this.ds,
      reviewQuery()
        .leftJoin('supervisor_assignments as sa', (j) =>
          j
            .onRef('sa.organization_id', '=', 'r.organization_id')
            .onRef('sa.volunteer_id', '=', 'r.volunteer_id'),
        )
        .where('r.organization_id', '=', anyUuid(organizationIds))
        .where('r.reviewed_at', 'is', null)
        .where((eb) =>
          eb.or([eb('sa.supervisor_id', 'is', null), eb('sa.supervisor_id', '=', supervisorId)]),
        )
        .orderBy('r.created_at', 'desc')
        .limit(limit),
    );
  }
}
