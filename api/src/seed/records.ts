import type { EntityManager } from 'typeorm';
import { sql } from 'kysely';
import { DAY_MS } from '@kindred/certificates/dates';
import { affected, db, first, rows } from '../database/sql.js';

/** What a certificate program asks for, as the demo seed writes it (certificates/programs/*.yaml). */
export interface EarnedRequirements {
  courses: readonly string[];
  drills: readonly string[];
  competencies: readonly { id: string; level: string }[];
}

/** The comment and note of every demo sign-off. */
const OBSERVED = 'Observed in supervised practice';

/** Enrolls the volunteer in a course (by slug) on the given day; an enrollment they have is kept. */
export async function writeEnrollment(
  m: EntityManager,
  userId: string,
  slug: string,
  at: Date,
): Promise<void> {
  await rows(
    m,
    db
      .insertInto('enrollments')
      .columns(['user_id', 'course_id', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('courses')
          .select([eb.val(userId).as('user_id'), 'id', eb.val(at).as('created_at')])
          .where('slug', '=', slug),
      )
      .onConflict((oc) => oc.doNothing()),
  );
}

/**
 * Every module of a course (by slug), completed on the given day, at its current version. On a module
 * already in progress: `complete` marks it completed (keeping an earlier completion date), `keep` leaves
 * the row as it is.
 */
export async function writeCompletedCourse(
  m: EntityManager,
  userId: string,
  slug: string,
  at: Date,
  onProgress: 'complete' | 'keep',
): Promise<void> {
  await rows(
    m,
    db
      .insertInto('module_progress')
      .columns([
        'user_id',
        'module_id',
        'module_version_id',
        'status',
        'started_at',
        'updated_at',
        'completed_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('modules as md')
          .innerJoin('courses as c', 'c.id', 'md.course_id')
          .select([
            eb.val(userId).as('user_id'),
            'md.id',
            'md.current_version_id',
            eb.val('completed').as('status'),
            eb.val(at).as('started_at'),
            eb.val(at).as('updated_at'),
            eb.val(at).as('completed_at'),
          ])
          .where('c.slug', '=', slug)
          .where('md.current_version_id', 'is not', null),
      )
      .onConflict((oc) => {
        const target = oc.columns(['user_id', 'module_id']);
        return onProgress === 'keep'
          ? target.doNothing()
          : target.doUpdateSet((eb) => ({
              status: 'completed',
              completed_at: eb.fn.coalesce('module_progress.completed_at', 'excluded.completed_at'),
            }));
      }),
  );
}

/** A finished, passed drill attempt (out of 10, passing at 6) on the given day. */
export async function writePassedDrill(
  m: EntityManager,
  who: { volunteerId: string; organizationId: string },
  drillId: string,
  score: number,
  at: Date,
): Promise<void> {
  await rows(
    m,
    db.insertInto('drill_attempts').values({
      volunteer_id: who.volunteerId,
      organization_id: who.organizationId,
      drill_id: drillId,
      drill_hash: 'demo',
      status: 'finished',
      current_node: 'end',
      score,
      max_score: 10,
      pass_score: 6,
      passed: true,
      started_at: at,
      updated_at: at,
      finished_at: at,
    }),
  );
}

/**
 * A supervisor's sign-off as the competencies module writes it: the request, decided at once, and its
 * observation evidence, linked both ways. Answers the evidence's id (the rating cites it).
 */
export async function writeSignOff(
  m: EntityManager,
  who: { volunteerId: string; supervisorId: string },
  competencyId: string,
  level: string,
  at: Date,
): Promise<string> {
  const { volunteerId, supervisorId } = who;
  const req = await first(
    m,
    db
      .insertInto('signoff_requests')
      .values({
        volunteer_id: volunteerId,
        competency_id: competencyId,
        origin: 'volunteer',
        status: 'signed_off',
        created_at: at,
        decided_at: at,
        decided_by: supervisorId,
        level,
        comment: OBSERVED,
      })
      .returning('id'),
  );
  if (!req) throw new Error(`demo sign-off of ${competencyId} was not written`);
  const obs = await first(
    m,
    db
      .insertInto('evidence')
      .values({
        volunteer_id: volunteerId,
        competency_id: competencyId,
        source: 'observation',
        source_ref: `signoff:${req.id}`,
        actor_id: supervisorId,
        level,
        note: OBSERVED,
        created_at: at,
      })
      .returning('id'),
  );
  if (!obs) throw new Error(`demo observation of ${competencyId} was not written`);
  await affected(
    m,
    db
      .updateTable('signoff_requests')
      .set({ observation_evidence_id: obs.id })
      .where('id', '=', req.id),
  );
  return obs.id;
}

/**
 * A demo volunteer's record of having earned what a program requires, written as the modules themselves
 * write it (enrollments and completed modules, passed drills, supervisor sign-offs with their observation
 * evidence and ratings), backdated from `daysAgo`. So nobody in the demo holds a certificate whose
 * requirements they have not met. Only for someone without sign-offs yet (idempotent on every start).
 */
export async function writeEarnedRecord(
  m: EntityManager,
  who: { holderId: string; supervisorId: string; organizationId: string },
  needs: EarnedRequirements,
  daysAgo: number,
): Promise<boolean> {
  const { holderId, supervisorId, organizationId } = who;
  const already = await first(
    m,
    db
      .selectFrom('signoff_requests')
      .select(sql<number>`1`.as('one'))
      .where('volunteer_id', '=', holderId)
      .limit(1),
  );
  if (already) return false;
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
  await affected(
    m,
    db
      .updateTable('memberships')
      .set((eb) => ({ created_at: eb.fn('least', ['created_at', eb.val(ago(daysAgo + 30))]) }))
      .where('user_id', '=', holderId)
      .where('role', '=', 'volunteer'),
  );
  for (const [i, slug] of needs.courses.entries()) {
    const at = ago(daysAgo - i * 7);
    await writeEnrollment(m, holderId, slug, at);
    await writeCompletedCourse(m, holderId, slug, at, 'complete');
  }
  for (const [i, drill] of needs.drills.entries()) {
    const at = ago(daysAgo - 30 - i * 5);
    await writePassedDrill(m, { volunteerId: holderId, organizationId }, drill, 9, at);
  }
  for (const [i, c] of needs.competencies.entries()) {
    const at = ago(Math.max(1, daysAgo - 60 - i));
    const evidenceId = await writeSignOff(
      m,
      { volunteerId: holderId, supervisorId },
      c.id,
      c.level,
      at,
    );
    await rows(
      m,
      db
        .insertInto('competency_ratings')
        .values({
          volunteer_id: holderId,
          competency_id: c.id,
          level: c.level,
          status: 'current',
          evidence_ids: [evidenceId],
          signed_off_by: supervisorId,
          signed_off_at: at,
          valid_until: sql<Date>`${at}::timestamptz + interval '24 months'`,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['volunteer_id', 'competency_id']).doUpdateSet((eb) => ({
            level: eb.ref('excluded.level'),
            status: 'current',
            evidence_ids: eb.ref('excluded.evidence_ids'),
            signed_off_by: eb.ref('excluded.signed_off_by'),
            signed_off_at: eb.ref('excluded.signed_off_at'),
            valid_until: eb.ref('excluded.valid_until'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    );
  }
  return true;
}
