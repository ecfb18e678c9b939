import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PathStep } from './drill-walk.js';

export interface AttemptRow {
  id: string;
  volunteerId: string;
  organizationId: string | null;
  drillId: string;
  drillHash: string;
  status: 'open' | 'finished';
  currentNode: string;
  path: PathStep[];
  score: number;
  maxScore: number;
  passScore: number;
  endNode: string | null;
  outcome: string | null;
  passed: boolean | null;
  reflection: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface ReviewRow {
  id: string;
  attemptId: string;
  volunteerId: string;
  volunteerName: string;
  drillId: string;
  outcome: string;
  flags: string[];
  path: PathStep[];
  score: number;
  createdAt: Date;
}

const ATTEMPT = `id, volunteer_id AS "volunteerId", organization_id AS "organizationId", drill_id AS "drillId", drill_hash AS "drillHash",
  status, current_node AS "currentNode", path, score, max_score AS "maxScore", pass_score AS "passScore", end_node AS "endNode",
  outcome, passed, reflection, started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt"`;

/** Every query of branching-drill attempts and the review queue. */
@Injectable()
export class DrillsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  attemptsOf(volunteerId: string): Promise<AttemptRow[]> {
    return this.ds.query(
      `SELECT ${ATTEMPT} FROM drill_attempts WHERE volunteer_id = $1 ORDER BY started_at DESC`,
      [volunteerId],
    );
  }

  async attempt(
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<AttemptRow | undefined> {
    const rows = await (manager ?? this.ds.manager).query(
      `SELECT ${ATTEMPT} FROM drill_attempts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async openAttempt(volunteerId: string, drillId: string): Promise<AttemptRow | undefined> {
    const rows = await this.ds.query(
      `SELECT ${ATTEMPT} FROM drill_attempts WHERE volunteer_id = $1 AND drill_id = $2 AND status = 'open'`,
      [volunteerId, drillId],
    );
    return rows[0];
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
  }): Promise<{ row: AttemptRow; resumed: boolean }> {
    const inserted: AttemptRow[] = await this.ds.query(
      `INSERT INTO drill_attempts (volunteer_id, organization_id, drill_id, drill_hash, current_node, max_score, pass_score, started_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (volunteer_id, drill_id) WHERE status = 'open' DO NOTHING RETURNING ${ATTEMPT}`,
      [
        a.volunteerId,
        a.organizationId,
        a.drillId,
        a.drillHash,
        a.startNode,
        a.maxScore,
        a.passScore,
        a.at,
      ],
    );
    if (inserted[0]) return { row: inserted[0], resumed: false };
    return { row: (await this.openAttempt(a.volunteerId, a.drillId))!, resumed: true };
  }

  async advance(
    m: EntityManager,
    id: string,
    step: PathStep,
    nextNode: string,
    at: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE drill_attempts SET path = path || $2::jsonb, score = score + $3, current_node = $4, updated_at = $5 WHERE id = $1`,
      [id, JSON.stringify([step]), step.score, nextNode, at],
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
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count].
    const [row] = await this.ds.query(
      `WITH moved AS (
         UPDATE drill_attempts SET path = path || $2::jsonb, score = score + $3, current_node = $4, updated_at = $5
          WHERE id = $1 AND status = 'open' AND current_node = $6 AND jsonb_array_length(path) = $7
          RETURNING id)
       SELECT count(*)::int AS n FROM moved`,
      [id, JSON.stringify([step]), step.score, nextNode, at, fromNode, steps],
    );
    return row.n === 1;
  }

  async finish(
    m: EntityManager,
    id: string,
    f: { endNode: string; outcome: string; passed: boolean; at: Date },
  ): Promise<void> {
    await m.query(
      `UPDATE drill_attempts SET status = 'finished', end_node = $2, outcome = $3, passed = $4, finished_at = $5, updated_at = $5 WHERE id = $1`,
      [id, f.endNode, f.outcome, f.passed, f.at],
    );
  }

  async saveReflection(id: string, reflection: string, at: Date): Promise<void> {
    await this.ds.query(
      `UPDATE drill_attempts SET reflection = $2, updated_at = $3 WHERE id = $1`,
      [id, reflection, at],
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
    await m.query(
      `INSERT INTO drill_reviews (attempt_id, volunteer_id, organization_id, drill_id, outcome, flags, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (attempt_id) DO NOTHING`,
      [r.attemptId, r.volunteerId, r.organizationId, r.drillId, r.outcome, r.flags, r.at],
    );
  }

  /** Closes an open review the supervisor may see (same rule as openReviews); false when there is none. */
  async closeReview(
    reviewId: string,
    supervisorId: string,
    organizationIds: string[],
    at: Date,
  ): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], which is never empty.
    const rows = await this.ds.query(
      `WITH closed AS (
         UPDATE drill_reviews r SET reviewed_at = $4, reviewed_by = $2
          WHERE r.id = $1 AND r.reviewed_at IS NULL AND r.organization_id = ANY($3::uuid[])
            AND NOT EXISTS (SELECT 1 FROM supervisor_assignments sa
                             WHERE sa.organization_id = r.organization_id AND sa.volunteer_id = r.volunteer_id AND sa.supervisor_id <> $2)
          RETURNING r.id)
       SELECT id FROM closed`,
      [reviewId, supervisorId, organizationIds, at],
    );
    return rows.length > 0;
  }

  /**
   * Open reviews a supervisor should see, newest first: their own cohort's, and those of volunteers in their
   * organizations who have no supervisor assigned yet (so nothing falls through the cracks).
   */
  openReviews(supervisorId: string, organizationIds: string[], limit = 100): Promise<ReviewRow[]> {
    return this.ds.query(
      `SELECT r.id, r.attempt_id AS "attemptId", r.volunteer_id AS "volunteerId", u.name AS "volunteerName", r.drill_id AS "drillId",
              r.outcome, r.flags, a.path, a.score, r.created_at AS "createdAt"
         FROM drill_reviews r JOIN drill_attempts a ON a.id = r.attempt_id JOIN users u ON u.id = r.volunteer_id
         LEFT JOIN supervisor_assignments sa ON sa.organization_id = r.organization_id AND sa.volunteer_id = r.volunteer_id
        WHERE r.organization_id = ANY($1::uuid[]) AND r.reviewed_at IS NULL
          AND (sa.supervisor_id IS NULL OR sa.supervisor_id = $2)
        ORDER BY r.created_at DESC LIMIT $3`,
      [organizationIds, supervisorId, limit],
    );
  }
}
