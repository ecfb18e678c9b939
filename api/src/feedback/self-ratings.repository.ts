import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { db, first, rows } from '../database/sql.js';
import type { Phase } from './self-ratings.dto.js';

const anyOf = (values: string[]) => sql<string>`ANY(${values})`;

/** Self-ratings of confidence at a course's start and end, and what the evaluation sets beside them. */
@Injectable()
export class SelfRatingsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The course's id, whether the person is enrolled (or has begun a module), and modules done. */
  async courseState(userId: string, slug: string) {
    return first(
      this.ds,
      db
        .selectFrom('courses as c')
        .select((eb) => [
          'c.id',
          eb
            .or([
              eb.exists(
                eb
                  .selectFrom('enrollments as e')
                  .select(sql`1`.as('one'))
                  .whereRef('e.course_id', '=', 'c.id')
                  .where('e.user_id', '=', userId),
              ),
              eb.exists(
                eb
                  .selectFrom('module_progress as p')
                  .innerJoin('modules as m', 'm.id', 'p.module_id')
                  .select(sql`1`.as('one'))
                  .whereRef('m.course_id', '=', 'c.id')
                  .where('p.user_id', '=', userId),
              ),
            ])
            .as('enrolled'),
          eb
            .selectFrom('module_progress as p')
            .innerJoin('modules as m', 'm.id', 'p.module_id')
            .select((x) => x.fn.countAll<string>().as('n'))
            .whereRef('m.course_id', '=', 'c.id')
            .where('p.user_id', '=', userId)
            .where('p.status', '=', 'completed')
            .as('done'),
          eb
            .selectFrom('self_ratings as r')
            .select(sql<Phase[]>`array_agg(DISTINCT r.phase)`.as('phases'))
            .whereRef('r.course_id', '=', 'c.id')
            .where('r.user_id', '=', userId)
            .as('given'),
        ])
        .where('c.slug', '=', slug),
    );
  }

  /** One row per competency (null: skipped); nothing when this prompt was answered before. */
  async give(
    userId: string,
    courseId: string,
    phase: Phase,
    ratings: { competencyId: string; rating: number | null }[],
    at: Date,
  ): Promise<number> {
    const done = await rows(
      this.ds,
      db
        .insertInto('self_ratings')
        .values(
          ratings.map((r) => ({
            user_id: userId,
            course_id: courseId,
            phase,
            competency_id: r.competencyId,
            rating: r.rating,
            created_at: at,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning('competency_id'),
    );
    return done.length;
  }

  /** The ratings (not the skips) of the organizations' volunteers, with the course's slug. */
  ratingsOf(organizationIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('self_ratings as r')
        .innerJoin('courses as c', 'c.id', 'r.course_id')
        .select(['r.user_id as userId', 'c.slug', 'r.phase', 'r.competency_id as competencyId'])
        .select(sql<number>`r.rating`.as('rating'))
        .where('r.rating', 'is not', null)
        .where('r.user_id', 'in', (eb) =>
          eb
            .selectFrom('memberships')
            .select('user_id')
            .where('organization_id', '=', anyOf(organizationIds))
            .where('role', '=', 'volunteer'),
        )
        .$narrowType<{ phase: Phase }>(),
    );
  }

  /** Who passed which module's knowledge check (any attempt), among the given people. */
  passedChecks(userIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('quiz_attempts')
        .select(['user_id as userId', 'module_id as moduleId'])
        .distinct()
        .where('passed', '=', true)
        .where('user_id', '=', anyOf(userIds)),
    );
  }

  /** Who was signed off on which competency by a supervisor, among the given people. */
  signedOff(userIds: string[]) {
    return rows(
      this.ds,
      db
        .selectFrom('signoff_requests')
        .select(['volunteer_id as userId', 'competency_id as competencyId'])
        .distinct()
        .where('status', '=', 'signed_off')
        .where('volunteer_id', '=', anyOf(userIds)),
    );
  }
}
