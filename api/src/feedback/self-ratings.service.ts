import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import type { Lang } from '../common/i18n.js';
import type { SessionUser } from '../common/session-user.js';
import { ContentService } from '../content/content.service.js';
import type { GiveSelfRatingDto, Phase, SelfRatingPromptDto } from './self-ratings.dto.js';
import { SelfRatingsRepository } from './self-ratings.repository.js';

/** Before and after, per competency of a course: what the evaluation page shows (aggregates only). */
export interface CompetencyLearning {
  competencyId: string;
  name: string;
  /** people who rated this competency at the start and at the end; null for 1 to threshold − 1 */
  people: number | null;
  /** mean self-rating (1–5) of those people at the start and at the end, one decimal */
  before: number | null;
  after: number | null;
  /** share of them whose rating rose */
  rose: number | null;
  /** share of them a supervisor signed off on this competency */
  signedOff: number | null;
}

export interface CourseLearning {
  slug: string;
  title: string;
  /** people who rated any competency at the start; null for 1 to threshold − 1 */
  ratedAtStart: number | null;
  /** people with a rating at both ends for any competency; null for 1 to threshold − 1 */
  ratedBoth: number | null;
  /** share of ratedBoth who passed every knowledge check of the course */
  passedChecks: number | null;
  competencies: CompetencyLearning[];
}

const mean = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10;
const share = (n: number, of: number) => Math.round((n / of) * 1000) / 1000;

/**
 * The optional self-rating of confidence (1–5) per competency of a course, asked once at its start and
 * once at its end; never required for anything, and skippable as a whole or per competency.
 */
@Injectable()
export class SelfRatingsService {
  constructor(
    private readonly repo: SelfRatingsRepository,
    private readonly content: ContentService,
    private readonly clock: Clock,
  ) {}

  private course(slug: string) {
    const c = this.content.course(slug);
    if (!c) throw new DomainError(ErrorCode.NotFound, 'There is no course with that id');
    return c;
  }

  /** start: enrolled, course not done, not answered; end: every module done, not answered. */
  private async ask(user: SessionUser, slug: string) {
    const course = this.course(slug);
    const state = await this.repo.courseState(user.id, slug);
    if (!state) throw new DomainError(ErrorCode.NotFound, 'There is no course with that id');
    const given = new Set(state.given ?? []);
    const done = Number(state.done ?? 0) >= course.modules.length;
    let ask: Phase | null = null;
    if (state.enrolled && !done && !given.has('start')) ask = 'start';
    else if (done && !given.has('end')) ask = 'end';
    return { course, courseId: state.id, ask };
  }

  async prompt(user: SessionUser, slug: string, lang: Lang = 'en'): Promise<SelfRatingPromptDto> {
    const { course, ask } = await this.ask(user, slug);
    const framework = this.content.framework(lang);
    return {
      ask,
      competencies: course.competencies.map((id) => {
        const c = framework.competencies.find((x) => x.id === id);
        return { id, name: c?.name ?? id, description: c?.description ?? '' };
      }),
    };
  }

  async give(
    user: SessionUser,
    slug: string,
    dto: GiveSelfRatingDto,
    lang: Lang = 'en',
  ): Promise<SelfRatingPromptDto> {
    const { course, courseId, ask } = await this.ask(user, slug);
    const byId = new Map<string, number>();
    for (const r of dto.ratings) {
      if (!course.competencies.includes(r.competencyId))
        throw invalid('ratings', 'ratings must name competencies of this course');
      if (byId.has(r.competencyId))
        throw invalid('ratings', 'ratings must name each competency once');
      byId.set(r.competencyId, r.rating);
    }
    if (ask !== dto.phase)
      throw new DomainError(
        ErrorCode.Conflict,
        dto.phase === 'end'
          ? 'The end of course rating is asked once, when every module is done'
          : 'The start of course rating is asked once, before the course is done',
      );
    // every competency gets a row, a skipped one with no rating, so the prompt is not asked again
    const written = await this.repo.give(
      user.id,
      courseId,
      dto.phase,
      course.competencies.map((id) => ({ competencyId: id, rating: byId.get(id) ?? null })),
      this.clock.now(),
    );
    if (!written) throw new DomainError(ErrorCode.Conflict, 'You already answered this rating');
    return this.prompt(user, slug, lang);
  }

  /**
   * Per course of the catalog, over the organizations' volunteers: how sure they said they were at the
   * start and the end (only people who rated both times), beside the share who passed every knowledge
   * check of the course and the share signed off on each competency. Groups of fewer than `threshold`
   * people are withheld (null).
   */
  async learning(
    organizationIds: string[],
    threshold: number,
    lang: Lang = 'en',
  ): Promise<CourseLearning[]> {
    const ratings = await this.repo.ratingsOf(organizationIds);
    const people = [...new Set(ratings.map((r) => r.userId))];
    const [passed, signed] = people.length
      ? await Promise.all([this.repo.passedChecks(people), this.repo.signedOff(people)])
      : [[], []];
    const passedSet = new Set(passed.map((p) => `${p.userId}|${p.moduleId}`));
    const signedSet = new Set(signed.map((s) => `${s.userId}|${s.competencyId}`));
    // names in the reader's language where translated (the framework falls back to English itself)
    const framework = this.content.framework(lang);
    const shown = (n: number) => (n === 0 || n >= threshold ? n : null);
    return this.content.catalog.courses.map((course) => {
      const mine = ratings.filter((r) => r.slug === course.slug);
      const at = (phase: Phase, who: string, comp: string) =>
        mine.find((r) => r.phase === phase && r.userId === who && r.competencyId === comp)?.rating;
      const startPeople = new Set(mine.filter((r) => r.phase === 'start').map((r) => r.userId));
      const both = new Set<string>();
      const competencies = course.competencies.map((id): CompetencyLearning => {
        const pairs = [...new Set(mine.map((r) => r.userId))]
          .map((who) => ({ who, b: at('start', who, id), a: at('end', who, id) }))
          .filter((p): p is { who: string; b: number; a: number } => p.b != null && p.a != null);
        for (const p of pairs) both.add(p.who);
        const name = framework.competencies.find((c) => c.id === id)?.name ?? id;
        if (pairs.length < threshold)
          return {
            competencyId: id,
            name,
            people: shown(pairs.length),
            before: null,
            after: null,
            rose: null,
            signedOff: null,
          };
        return {
          competencyId: id,
          name,
          people: pairs.length,
          before: mean(pairs.map((p) => p.b)),
          after: mean(pairs.map((p) => p.a)),
          rose: share(pairs.filter((p) => p.a > p.b).length, pairs.length),
          signedOff: share(
            pairs.filter((p) => signedSet.has(`${p.who}|${id}`)).length,
            pairs.length,
          ),
        };
      });
      const checks = course.modules.filter((m) => m.quiz.length).map((m) => m.id);
      const passedAll = [...both].filter((who) =>
        checks.every((m) => passedSet.has(`${who}|${m}`)),
      );
      return {
        slug: course.slug,
        title: course.translations[lang]?.title ?? course.title,
        ratedAtStart: shown(startPeople.size),
        ratedBoth: shown(both.size),
        passedChecks:
          both.size >= threshold && checks.length ? share(passedAll.length, both.size) : null,
        competencies,
      };
    });
  }
}
