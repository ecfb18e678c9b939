import type { NewEvidence } from '../evidence/evidence.repository.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Question } from '@kindred/courses';
import type { ProgressStatus } from './courses.entity.js';
import type { EvidenceDraft, ProgressRecord } from './learning.progress.js';

export interface CurrentVersion {
  id: string;
  quiz: Question[];
  passMark: number;
}

/** The order a knowledge check was drawn in: questions, each with its choices, as shown. */
export type ItemOrder = { id: string; choices: string[] }[];

export interface QuizDraft {
  versionId: string;
  order: ItemOrder;
  answers: Record<string, string>;
}

export interface GradedAttempt {
  userId: string;
  moduleId: string;
  versionId: string;
  answers: Record<string, string>;
  order: ItemOrder;
  score: number;
  total: number;
  passed: boolean;
  evidence: EvidenceDraft[];
  now: Date;
}

/** Every query of a volunteer's learning: enrollments, progress, attempts and the evidence they write. */
@Injectable()
export class CoursesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * The courses that are mine: enrolled in, or with any module read or completed. Progress is one fact
   * (module_progress): the pathway and the certificate checklists count it whether or not an enrollment
   * row was written, so "my learning" does too.
   */
  async enrolledSlugs(userId: string): Promise<Set<string>> {
    const rows: { slug: string }[] = await this.ds.query(
      `SELECT c.slug FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE e.user_id = $1
       UNION
       SELECT c.slug FROM module_progress p JOIN modules m ON m.id = p.module_id JOIN courses c ON c.id = m.course_id
        WHERE p.user_id = $1`,
      [userId],
    );
    return new Set(rows.map((r) => r.slug));
  }

  /**
   * The reader's own state around one module, in one statement (the module page's only query): the saved
   * progress, if any, and whether they are enrolled in the course.
   */
  async moduleState(
    userId: string,
    moduleId: string,
    courseSlug: string,
  ): Promise<{ progress: Map<string, ProgressRecord>; enrolled: boolean }> {
    const [row]: {
      status: ProgressStatus | null;
      position: string | null;
      updated_at: Date | null;
      enrolled: boolean;
    }[] = await this.ds.query(
      `SELECT p.status, p.position, p.updated_at,
              EXISTS (SELECT 1 FROM enrollments e JOIN courses c ON c.id = e.course_id
                       WHERE e.user_id = $1 AND c.slug = $3) AS enrolled
         FROM (SELECT 1) AS one
         LEFT JOIN module_progress p ON p.user_id = $1 AND p.module_id = $2`,
      [userId, moduleId, courseSlug],
    );
    const progress = new Map<string, ProgressRecord>();
    if (row?.status)
      progress.set(moduleId, {
        moduleId,
        status: row.status,
        position: row.position,
        updatedAt: row.updated_at!,
      });
    return { progress, enrolled: Boolean(row?.enrolled) };
  }

  async enroll(userId: string, courseSlug: string, now: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO enrollments (user_id, course_id, created_at) SELECT $1, id, $3 FROM courses WHERE slug = $2
       ON CONFLICT DO NOTHING`,
      [userId, courseSlug, now],
    );
  }

  /** `on`: a transaction's manager, to read what it has written before it commits. */
  async progress(
    userId: string,
    moduleIds?: string[],
    on: EntityManager | DataSource = this.ds,
  ): Promise<Map<string, ProgressRecord>> {
    const rows: {
      module_id: string;
      status: ProgressStatus;
      position: string | null;
      updated_at: Date;
    }[] = await on.query(
      `SELECT module_id, status, position, updated_at FROM module_progress
        WHERE user_id = $1 AND ($2::text[] IS NULL OR module_id = ANY($2::text[]))`,
      [userId, moduleIds ?? null],
    );
    return new Map(
      rows.map((r) => [
        r.module_id,
        { moduleId: r.module_id, status: r.status, position: r.position, updatedAt: r.updated_at },
      ]),
    );
  }

  async currentVersion(moduleId: string): Promise<CurrentVersion | null> {
    const [row] = await this.ds.query(
      `SELECT v.id, v.quiz, v.pass_mark FROM modules m JOIN module_versions v ON v.id = m.current_version_id WHERE m.id = $1`,
      [moduleId],
    );
    return row ? { id: row.id, quiz: row.quiz, passMark: Number(row.pass_mark) } : null;
  }

  /** Saves the place; `position` undefined keeps the saved one. The first version read stays on the row. */
  async saveProgress(
    userId: string,
    moduleId: string,
    versionId: string,
    status: ProgressStatus,
    position: string | undefined,
    now: Date,
  ): Promise<ProgressRecord> {
    const [row] = await this.ds.query(
      `INSERT INTO module_progress (user_id, module_id, module_version_id, status, position, started_at, updated_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, CASE WHEN $4 = 'completed' THEN $6::timestamptz END)
       ON CONFLICT (user_id, module_id) DO UPDATE SET
         status = EXCLUDED.status,
         position = CASE WHEN $7 THEN EXCLUDED.position ELSE module_progress.position END,
         updated_at = EXCLUDED.updated_at,
         completed_at = COALESCE(module_progress.completed_at, EXCLUDED.completed_at)
       RETURNING module_id, status, position, updated_at`,
      [userId, moduleId, versionId, status, position ?? null, now, position !== undefined],
    );
    return {
      moduleId: row.module_id,
      status: row.status,
      position: row.position,
      updatedAt: row.updated_at,
    };
  }

  /** The knowledge check in progress: its drawn order and the answers saved so far. */
  async draft(userId: string, moduleId: string): Promise<QuizDraft | null> {
    const [row] = await this.ds.query(
      `SELECT module_version_id, item_order, answers FROM quiz_drafts WHERE user_id = $1 AND module_id = $2`,
      [userId, moduleId],
    );
    return row
      ? { versionId: row.module_version_id, order: row.item_order, answers: row.answers }
      : null;
  }

  /** Starts a fresh draft (a new draw), replacing one drawn for an older version. */
  async startDraft(
    userId: string,
    moduleId: string,
    versionId: string,
    order: ItemOrder,
    now: Date,
  ): Promise<QuizDraft> {
    await this.ds.query(
      `INSERT INTO quiz_drafts (user_id, module_id, module_version_id, item_order, answers, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '{}'::jsonb, $5, $5)
       ON CONFLICT (user_id, module_id) DO UPDATE SET module_version_id = EXCLUDED.module_version_id,
         item_order = EXCLUDED.item_order, answers = '{}'::jsonb, created_at = EXCLUDED.created_at,
         updated_at = EXCLUDED.updated_at`,
      [userId, moduleId, versionId, JSON.stringify(order), now],
    );
    return { versionId, order, answers: {} };
  }

  /** Saves the answers chosen so far; false when there is no draft of this version to save into. */
  async saveDraftAnswers(
    userId: string,
    moduleId: string,
    versionId: string,
    answers: Record<string, string>,
    now: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `UPDATE quiz_drafts SET answers = $4, updated_at = $5
        WHERE user_id = $1 AND module_id = $2 AND module_version_id = $3 RETURNING 1`,
      [userId, moduleId, versionId, JSON.stringify(answers), now],
    );
    return rows.length > 0;
  }

  /** The question order of the latest submitted attempt (null before the first, or for attempts stored before orders were kept). */
  async lastAttemptOrder(userId: string, moduleId: string): Promise<ItemOrder | null> {
    const [row] = await this.ds.query(
      `SELECT item_order FROM quiz_attempts WHERE user_id = $1 AND module_id = $2
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [userId, moduleId],
    );
    return (row?.item_order as ItemOrder | null | undefined) ?? null;
  }

  async attemptCount(userId: string, moduleId: string): Promise<number> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM quiz_attempts WHERE user_id = $1 AND module_id = $2`,
      [userId, moduleId],
    );
    return row.n as number;
  }

  async hasPassed(userId: string, moduleId: string): Promise<boolean> {
    const [row] = await this.ds.query(
      `SELECT 1 FROM quiz_attempts WHERE user_id = $1 AND module_id = $2 AND passed LIMIT 1`,
      [userId, moduleId],
    );
    return Boolean(row);
  }

  /**
   * Stores an attempt; a pass also writes its evidence and completes the module (keeping the saved
   * place) and calls `onCompleted` (the CE ledger), all in one transaction (the caller's `on`, else its
   * own). Returns the attempt's id.
   */
  async saveAttempt(
    a: GradedAttempt,
    courseSlug: string,
    recordEvidence: (rows: NewEvidence[], m: EntityManager) => Promise<unknown>,
    onCompleted?: (m: EntityManager, now: Date) => Promise<unknown>,
    on?: EntityManager,
  ): Promise<string> {
    const inTransaction = <T>(work: (m: EntityManager) => Promise<T>) =>
      on ? work(on) : this.ds.transaction(work);
    return inTransaction(async (m) => {
      const [attempt] = await m.query(
        `INSERT INTO quiz_attempts (user_id, module_id, module_version_id, answers, item_order, score, total, passed, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          a.userId,
          a.moduleId,
          a.versionId,
          JSON.stringify(a.answers),
          JSON.stringify(a.order),
          a.score,
          a.total,
          a.passed,
          a.now,
        ],
      );
      // The draft is spent: the next visit draws the items again, in another order.
      await m.query(`DELETE FROM quiz_drafts WHERE user_id = $1 AND module_id = $2`, [
        a.userId,
        a.moduleId,
      ]);
      await m.query(
        `INSERT INTO enrollments (user_id, course_id, created_at) SELECT $1, id, $3 FROM courses WHERE slug = $2 ON CONFLICT DO NOTHING`,
        [a.userId, courseSlug, a.now],
      );
      await recordEvidence(
        a.evidence.map((e) => ({
          volunteerId: a.userId,
          competencyId: e.competencyId,
          source: 'knowledge_check' as const,
          sourceRef: `quiz_attempt:${attempt.id}`,
          actorId: a.userId,
          level: e.level,
          grade: e.grade,
        })),
        m,
      );
      const status = a.passed ? 'completed' : 'started';
      await m.query(
        `INSERT INTO module_progress (user_id, module_id, module_version_id, status, started_at, updated_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $5, CASE WHEN $4 = 'completed' THEN $5::timestamptz END)
         ON CONFLICT (user_id, module_id) DO UPDATE SET
           status = CASE WHEN module_progress.status = 'completed' THEN 'completed' ELSE EXCLUDED.status END,
           updated_at = EXCLUDED.updated_at,
           completed_at = COALESCE(module_progress.completed_at, EXCLUDED.completed_at)`,
        [a.userId, a.moduleId, a.versionId, status, a.now],
      );
      if (a.passed && onCompleted) await onCompleted(m, a.now);
      return attempt.id as string;
    });
  }
}
