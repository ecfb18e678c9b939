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
/** How many of them rate themselves on it at its start and its end. */
const RATERS = 6;
/**
 * How many of them take its knowledge checks: at least the item analysis's MIN_ATTEMPTS first attempts per
 * module (and more than the suppression threshold of people), so /admin/items shows its figures and flags.
 */
const TAKERS = 12;

/** A fixed draw in [0, 1) for three small integers (a hash), so the demo comes out the same every time. */
function draw(a: number, b: number, c: number): number {
  let h = Math.imul(a, 73856093) ^ Math.imul(b, 19349663) ^ Math.imul(c, 83492791);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * A neighbour's first try at a module's knowledge check, drawn as item response theory models it (the Rasch
 * model): person i, of ability 2.2 − 0.3·i, answers a question of difficulty b right with the chance
 * 1 / (1 + e^(b − ability)), the difficulties spread from −1.5 to 1 and shuffled per module. So the item
 * analysis meets what small real groups give: most questions separate stronger from weaker learners, a few
 * are too easy or barely separate them. On the course's first module the three strongest miss its last
 * question and everyone else gets it: the analysis flags it as chosen wrongly by strong learners, the case
 * an author reads these statistics for. A wrong answer is mostly the question's first wrong choice.
 */
export function firstTry(
  quiz: { id: string; answer: string; choices: { id: string }[] }[],
  person: number,
  moduleIndex: number,
): Record<string, string> {
  const n = quiz.length;
  const ability = 2.2 - 0.3 * person;
  return Object.fromEntries(
    quiz.map((q, j) => {
      const difficulty = -1.5 + (2.5 * ((j * 3 + moduleIndex) % n)) / Math.max(1, n - 1);
      const right =
        moduleIndex === 0 && j === n - 1
          ? person >= 3
          : draw(person + 1, moduleIndex + 1, j + 1) < 1 / (1 + Math.exp(difficulty - ability));
      const wrong = q.choices.filter((c) => c.id !== q.answer);
      const pick = wrong[draw(person + 1, moduleIndex + 1, j + 101) < 0.7 ? 0 : wrong.length - 1];
      return [q.id, right || !pick ? q.answer : pick.id];
    }),
  );
}

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
 * enough attempts and answers to show something. Twelve of them also take the cultural humility course
 * through CoursesService (enrolling, taking each knowledge check, again where the first try missed the pass
 * mark), so /admin/items has enough first attempts; six rate how sure they are at its start and end through
 * SelfRatingsService, for the evaluation's before and after. None
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
      for (const [i, p] of people.slice(0, TAKERS).entries()) {
        const user = asUser(p);
        await this.courses.enroll(user, rated.slug);
        // 1 to 3 at the start, up by 0 to 2 at the end, the last of them no surer anywhere (a before and
        // after is not a given), so the competencies differ as a real group's would
        const start = rated.competencies.map((id, j) => ({
          competencyId: id,
          rating: 1 + Math.floor(draw(i + 1, j + 1, 201) * 3),
        }));
        if (i < RATERS)
          await this.selfRatings.give(user, rated.slug, { phase: 'start', ratings: start });
        for (const [mi, m] of rated.modules.entries()) {
          const right = Object.fromEntries(m.quiz.map((q) => [q.id, q.answer]));
          const first = await this.courses.submit(user, m.id, firstTry(m.quiz, i, mi));
          // a first try under the pass mark is taken again, as a volunteer does, this time right
          if (!first.passed) await this.courses.submit(user, m.id, right);
        }
        if (i < RATERS) {
          const end = start.map((r, j) => ({
            competencyId: r.competencyId,
            rating:
              i === RATERS - 1
                ? r.rating
                : Math.min(5, r.rating + Math.floor(draw(i + 1, j + 1, 202) * 3)),
          }));
          await this.selfRatings.give(user, rated.slug, { phase: 'end', ratings: end });
        }
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
