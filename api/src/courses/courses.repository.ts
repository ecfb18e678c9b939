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

export interface GradedAttempt {
  userId: string;
  moduleId: string;
  versionId: string;
  answers: Record<string, string>;
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

  async enrolledSlugs(userId: string): Promise<Set<string>> {
    const rows: { slug: string }[] = await this.ds.query(
      `SELECT c.slug FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE e.user_id = $1`,
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

  async progress(userId: string, moduleIds?: string[]): Promise<Map<string, ProgressRecord>> {
    const rows: {
      module_id: string;
      status: ProgressStatus;
      position: string | null;
      updated_at: Date;
    }[] = await this.ds.query(
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

  async hasPassed(userId: string, moduleId: string): Promise<boolean> {
    const [row] = await this.ds.query(
      `SELECT 1 FROM quiz_attempts WHERE user_id = $1 AND module_id = $2 AND passed LIMIT 1`,
      [userId, moduleId],
    );
    return Boolean(row);
  }

  /**
   * Stores an attempt; a pass also writes its evidence and completes the module (keeping the saved
   * place) and calls `onCompleted` (the CE ledger), all in one transaction. Returns the attempt's id.
   */
  async saveAttempt(
    a: GradedAttempt,
    courseSlug: string,
    recordEvidence: (rows: NewEvidence[], m: EntityManager) => Promise<unknown>,
    onCompleted?: (m: EntityManager, now: Date) => Promise<unknown>,
  ): Promise<string> {
    return this.ds.transaction(async (m) => {
      const [attempt] = await m.query(
        `INSERT INTO quiz_attempts (user_id, module_id, module_version_id, answers, score, total, passed, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          a.userId,
          a.moduleId,
          a.versionId,
          JSON.stringify(a.answers),
          a.score,
          a.total,
          a.passed,
          a.now,
        ],
      );
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
