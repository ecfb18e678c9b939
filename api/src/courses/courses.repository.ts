import type { NewEvidence } from '../evidence/evidence.repository.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { affected, db, first, jsonb, rows } from '../database/sql.js';
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

/** Enrolls the person in the course of that slug (nothing when enrolled already). */
const enrollment = (userId: string, courseSlug: string, now: Date) =>
  db
    .insertInto('enrollments')
    .columns(['user_id', 'course_id', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('courses')
        .select([eb.val(userId).as('user_id'), 'id', eb.val(now).as('created_at')])
        .where('slug', '=', courseSlug),
    )
    .onConflict((oc) => oc.doNothing());

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
    const mine = await rows(
      this.ds,
      db
        .selectFrom('enrollments as e')
        .innerJoin('courses as c', 'c.id', 'e.course_id')
        .select('c.slug')
        .where('e.user_id', '=', userId)
        .union(
          db
            .selectFrom('module_progress as p')
            .innerJoin('modules as m', 'm.id', 'p.module_id')
            .innerJoin('courses as c', 'c.id', 'm.course_id')
            .select('c.slug')
            .where('p.user_id', '=', userId),
        ),
    );
    return new Set(mine.map((r) => r.slug));
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
    const row = await first(
      this.ds,
      db
        .selectFrom(sql`(SELECT 1)`.as('one'))
        .leftJoin('module_progress as p', (j) =>
          j.on('p.user_id', '=', userId).on('p.module_id', '=', moduleId),
        )
        .select((eb) => [
          'p.status',
          'p.position',
          'p.updated_at',
          eb
            .exists(
              eb
                .selectFrom('enrollments as e')
                .innerJoin('courses as c', 'c.id', 'e.course_id')
                .select(sql.lit(1).as('one'))
                .where('e.user_id', '=', userId)
                .where('c.slug', '=', courseSlug),
            )
            .as('enrolled'),
        ])
        .$narrowType<{ status: ProgressStatus | null }>(),
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
    await affected(this.ds, enrollment(userId, courseSlug, now));
  }

  /** `on`: a transaction's manager, to read what it has written before it commits. */
  async progress(
    userId: string,
    moduleIds?: string[],
    on: EntityManager | DataSource = this.ds,
  ): Promise<Map<string, ProgressRecord>> {
    const saved = await rows(
      on,
      db
        .selectFrom('module_progress')
        .select(['module_id as moduleId', 'status', 'position', 'updated_at as updatedAt'])
        .$narrowType<{ status: ProgressStatus }>()
        .where('user_id', '=', userId)
        .$if(moduleIds !== undefined, (qb) =>
          qb.where('module_id', '=', sql<string>`ANY(${moduleIds}::text[])`),
        ),
    );
    return new Map(saved.map((r) => [r.moduleId, r]));
  }

  async currentVersion(moduleId: string): Promise<CurrentVersion | null> {
    const row = await first(
      this.ds,
      db
        .selectFrom('modules as m')
        .innerJoin('module_versions as v', 'v.id', 'm.current_version_id')
        .select((eb) => ['v.id', eb.ref('v.quiz').$castTo<Question[]>().as('quiz'), 'v.pass_mark'])
        .where('m.id', '=', moduleId),
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
    const row = await first(
      this.ds,
      db
        .insertInto('module_progress')
        .values({
          user_id: userId,
          module_id: moduleId,
          module_version_id: versionId,
          status,
          position: position ?? null,
          started_at: now,
          updated_at: now,
          completed_at: status === 'completed' ? now : null,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'module_id']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            // undefined keeps the saved place
            ...(position !== undefined && { position: eb.ref('excluded.position') }),
            updated_at: eb.ref('excluded.updated_at'),
            completed_at: eb.fn.coalesce('module_progress.completed_at', 'excluded.completed_at'),
          })),
        )
        .returning(['module_id as moduleId', 'status', 'position', 'updated_at as updatedAt'])
        .$narrowType<{ status: ProgressStatus }>(),
    );
    return row!;
  }

  /** The knowledge check in progress: its drawn order and the answers saved so far. */
  async draft(userId: string, moduleId: string): Promise<QuizDraft | null> {
    const row = await first(
      this.ds,
      db
        .selectFrom('quiz_drafts')
        .select((eb) => [
          'module_version_id as versionId',
          eb.ref('item_order').$castTo<ItemOrder>().as('order'),
          eb.ref('answers').$castTo<Record<string, string>>().as('answers'),
        ])
        .where('user_id', '=', userId)
        .where('module_id', '=', moduleId),
    );
    return row ?? null;
  }

  /** Starts a fresh draft (a new draw), replacing one drawn for an older version. */
  async startDraft(
    userId: string,
    moduleId: string,
    versionId: string,
    order: ItemOrder,
    now: Date,
  ): Promise<QuizDraft> {
    await affected(
      this.ds,
      db
        .insertInto('quiz_drafts')
        .values({
          user_id: userId,
          module_id: moduleId,
          module_version_id: versionId,
          item_order: jsonb(order),
          answers: jsonb({}),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'module_id']).doUpdateSet((eb) => ({
            module_version_id: eb.ref('excluded.module_version_id'),
            item_order: eb.ref('excluded.item_order'),
            answers: jsonb({}),
            created_at: eb.ref('excluded.created_at'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
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
    const saved = await affected(
      this.ds,
      db
        .updateTable('quiz_drafts')
        .set({ answers: jsonb(answers), updated_at: now })
        .where('user_id', '=', userId)
        .where('module_id', '=', moduleId)
        .where('module_version_id', '=', versionId),
    );
    return saved > 0;
  }

  /** The question order of the latest submitted attempt (null before the first, or for attempts stored before orders were kept). */
  async lastAttemptOrder(userId: string, moduleId: string): Promise<ItemOrder | null> {
    const row = await first(
      this.ds,
      db
        .selectFrom('quiz_attempts')
        .select((eb) => eb.ref('item_order').$castTo<ItemOrder | null>().as('order'))
        .where('user_id', '=', userId)
        .where('module_id', '=', moduleId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    );
    return row?.order ?? null;
  }

  async attemptCount(userId: string, moduleId: string): Promise<number> {
    const row = await first(
      this.ds,
      db
        .selectFrom('quiz_attempts')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('user_id', '=', userId)
        .where('module_id', '=', moduleId),
    );
    return row?.n ?? 0;
  }

  async hasPassed(userId: string, moduleId: string): Promise<boolean> {
    const row = await first(
      this.ds,
      db
        .selectFrom('quiz_attempts')
        .select(sql.lit(1).as('one'))
        .where('user_id', '=', userId)
        .where('module_id', '=', moduleId)
        .where('passed', '=', true)
        .limit(1),
    );
    return row !== undefined;
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
      const attempt = (await first(
        m,
        db
          .insertInto('quiz_attempts')
          .values({
            user_id: a.userId,
            module_id: a.moduleId,
            module_version_id: a.versionId,
            answers: jsonb(a.answers),
            item_order: jsonb(a.order),
            score: a.score,
            total: a.total,
            passed: a.passed,
            created_at: a.now,
          })
          .returning('id'),
      ))!;
      // The draft is spent: the next visit draws the items again, in another order.
      await affected(
        m,
        db
          .deleteFrom('quiz_drafts')
          .where('user_id', '=', a.userId)
          .where('module_id', '=', a.moduleId),
      );
      await affected(m, enrollment(a.userId, courseSlug, a.now));
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
      await affected(
        m,
        db
          .insertInto('module_progress')
          .values({
            user_id: a.userId,
            module_id: a.moduleId,
            module_version_id: a.versionId,
            status,
            started_at: a.now,
            updated_at: a.now,
            completed_at: a.passed ? a.now : null,
          })
          .onConflict((oc) =>
            oc.columns(['user_id', 'module_id']).doUpdateSet((eb) => ({
              // completed stays completed
              status: sql<string>`CASE WHEN module_progress.status = 'completed' THEN 'completed' ELSE excluded.status END`,
              updated_at: eb.ref('excluded.updated_at'),
              completed_at: eb.fn.coalesce('module_progress.completed_at', 'excluded.completed_at'),
            })),
          ),
      );
      if (a.passed && onCompleted) await onCompleted(m, a.now);
      return attempt.id;
    });
  }
}
