import type { DataSource } from 'typeorm';
import type { SessionUser } from '../common/session-user.js';
import type { ContentService } from '../content/content.service.js';
import { db, rows } from '../database/sql.js';
import type { CoursesService } from '../courses/courses.service.js';
import type { DrillsService } from '../drills/drills.service.js';
import { DEMO_ORGANIZATIONS } from '../seed/seed.js';
import type { FeedbackChoice } from './feedback-flags.js';
import type { FeedbackService } from './feedback.service.js';
import type { SelfRatingsService } from './self-ratings.service.js';

/** The course the neighbours rate themselves on at its start and end (they finished another before). */
export const DEMO_RATED_COURSE = 'cultural-humility';
/** How many of them take it, rating at the start, passing every knowledge check, rating at the end. */
const RATERS = 6;

/** The drill the demo neighbours play: the library drill of the de-escalation course. */
export const DEMO_DRILL = 'deesc-library-01';

/**
 * Each neighbour's choices at the demo drill (indexes, start first), and the feedback they give after it
 * (null: they stop partway, or give none). Strong path 23 points, pass 18: six pass; the rest touch the
 * man at the start (16), over-call 911 when he speaks of hopelessness (15), hand out a 988 card instead of
 * calling with him (16), or stop partway.
 */
const PLAYS: [number[], FeedbackChoice | null, string | null][] = [
  [[1, 0, 0, 0, 0, 0, 0, 0], 'clear', null],
  [
    [1, 0, 0, 0, 0, 0, 0, 0],
    'clear',
    'Asking him straight out about suicide felt right after the practice.',
  ],
  [[1, 0, 0, 0, 0, 0, 0, 0], 'clear', null],
  [[1, 0, 0, 0, 0, 0, 0, 0], 'upsetting', 'The scissors scene stayed with me for a while.'],
  [[1, 0, 0, 0, 0, 0, 0, 0], 'clear', null],
  [[1, 0, 0, 0, 0, 0, 0, 0], 'not_useful', null],
  [[0, 0, 0, 0, 0, 0, 0, 0], 'too_hard', null],
  [[0, 0, 0, 0, 0, 0, 0, 0], 'clear', null],
  [[0, 0, 0, 0, 0, 0, 0, 0], null, null],
  [[1, 0, 0, 0, 0, 0, 1], 'too_hard', 'I was not sure when 911 is right.'],
  [[1, 0, 0, 0, 0, 0, 1], 'clear', null],
  [[1, 0, 0, 0, 0, 0, 0, 1], 'too_hard', null],
  [[1, 0, 0], null, null],
  [[0, 1], null, null],
];

/** Their one-tap answers on the first module of the first course (some with a comment). */
const MODULE_FEEDBACK: [FeedbackChoice, string | null][] = [
  ['clear', null],
  ['clear', 'The examples of what a peer does not do were the most useful part.'],
  ['clear', null],
  ['too_hard', 'A lot of new words in one evening.'],
  ['clear', null],
  ['not_useful', null],
  ['clear', null],
  ['upsetting', null],
];

/**
 * Learning loops in the demo: the fictional Riverside neighbours (network.seed.ts) play the library drill
 * and answer the one-tap feedback, through DrillsService and FeedbackService as a volunteer's requests do
 * (scoring, evidence, the anonymous feedback store), so /admin/drill-analysis and /admin/feedback have
 * enough attempts and answers to show something. Six of them also take the cultural humility course
 * through CoursesService (enrolling, passing each knowledge check with the right answers), rating how sure
 * they are at its start and end through SelfRatingsService, for the evaluation's before and after. None
 * of this earns a certificate, so the seed's story stays true. Idempotent: only while none of them has
 * played the drill.
 */
export class LearningLoopsDemo {
  constructor(
    private readonly ds: DataSource,
    private readonly drills: DrillsService,
    private readonly feedback: FeedbackService,
    private readonly content: ContentService,
    private readonly courses: CoursesService,
    private readonly selfRatings: SelfRatingsService,
  ) {}

  async ensure(): Promise<boolean> {
    const people = await rows(
      this.ds,
      db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.user_id', 'u.id')
        .innerJoin('organizations as o', 'o.id', 'm.organization_id')
        .select([
          'u.id',
          'u.email',
          'u.name',
          'o.id as organizationId',
          'o.name as organizationName',
        ])
        .where('u.email', 'like', '%@neighbours.kindred.demo')
        .where('m.role', '=', 'volunteer')
        .where('o.slug', '=', DEMO_ORGANIZATIONS.city.slug)
        .orderBy('u.created_at')
        .orderBy('u.email'),
    );
    if (people.length < PLAYS.length || !this.content.drill(DEMO_DRILL)) return false;
    const played = await rows(
      this.ds,
      db
        .selectFrom('drill_attempts')
        .select('id')
        .where('drill_id', '=', DEMO_DRILL)
        .where(
          'volunteer_id',
          'in',
          people.map((p) => p.id),
        )
        .limit(1),
    );
    if (played.length) return false;

    const asUser = (p: (typeof people)[number]): SessionUser => ({
      id: p.id,
      email: p.email,
      name: p.name,
      locale: null,
      memberships: [
        {
          organizationId: p.organizationId,
          organizationName: p.organizationName,
          role: 'volunteer',
        },
      ],
    });
    for (const [i, [choices, answer, comment]] of PLAYS.entries()) {
      const user = asUser(people[i]);
      const { attemptId } = await this.drills.start(user, DEMO_DRILL);
      for (const c of choices) await this.drills.choose(user, attemptId, c);
      if (answer)
        await this.feedback.giveOnDrill(user, attemptId, {
          choice: answer,
          ...(comment && { comment }),
        });
    }
    const rated = this.content.course(DEMO_RATED_COURSE);
    if (rated)
      for (const [i, p] of people.slice(0, RATERS).entries()) {
        const user = asUser(p);
        await this.courses.enroll(user, rated.slug);
        // less sure at the start than at the end, one of them no surer (a before and after is not a given)
        const start = rated.competencies.map((id, j) => ({
          competencyId: id,
          rating: 1 + ((i + j) % 3),
        }));
        await this.selfRatings.give(user, rated.slug, { phase: 'start', ratings: start });
        for (const m of rated.modules)
          await this.courses.submit(
            user,
            m.id,
            Object.fromEntries(m.quiz.map((q) => [q.id, q.answer])),
          );
        const end = start.map((r) => ({
          competencyId: r.competencyId,
          rating: i === RATERS - 1 ? r.rating : Math.min(5, r.rating + 1 + (i % 2)),
        }));
        await this.selfRatings.give(user, rated.slug, { phase: 'end', ratings: end });
      }

    const firstModule = this.content.catalog.courses[0]?.modules[0];
    if (firstModule)
      for (const [i, [choice, comment]] of MODULE_FEEDBACK.entries())
        await this.feedback.giveOnModule(asUser(people[i]), firstModule.id, {
          choice,
          ...(comment && { comment }),
        });
    return true;
  }
}
