import { Injectable } from '@nestjs/common';
import { localizeDrill, type Drill } from '@kindred/courses';
import type { Lang } from '../common/i18n.js';
import { Clock } from '../common/clock.js';
import { IdempotencyService } from '../common/idempotency.js';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { ContentService } from '../content/content.service.js';
import { CompetenciesService } from '../competencies/competencies.service.js';
import { DrillsRepository, type AttemptRow } from './drills.repository.js';
import {
  choose,
  clamp01,
  competencyScores,
  drillLevel,
  flagsOf,
  nodeOf,
  nodeView,
  type PathStep,
} from './drill-walk.js';
import type { DrillNode } from '@kindred/courses';
import type {
  DrillAttemptStateDto,
  DrillAttemptSummaryDto,
  DrillChoiceResultDto,
  DrillDebriefDto,
  DrillReviewDto,
  DrillSummaryDto,
  DrillPathStepDto,
  DrillOfflineDto,
} from './drills.dto.js';

/** Branching drills: the API walks the graph, so scores and feedback stay here until a choice is made. */
@Injectable()
export class DrillsService {
  constructor(
    private readonly repo: DrillsRepository,
    private readonly content: ContentService,
    private readonly competencies: CompetenciesService,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
  ) {}

  async list(user: SessionUser, lang: Lang = 'en'): Promise<DrillSummaryDto[]> {
    const attempts = await this.repo.attemptsOf(user.id);
    return this.content.catalog.drills.map((d) =>
      this.summary(
        d,
        lang,
        attempts.filter((a) => a.drillId === d.id),
      ),
    );
  }

  async one(user: SessionUser, drillId: string, lang: Lang = 'en'): Promise<DrillSummaryDto> {
    const drill = this.drill(drillId);
    const attempts = await this.repo.attemptsOf(user.id);
    return this.summary(
      drill,
      lang,
      attempts.filter((a) => a.drillId === drill.id),
    );
  }

  /** Starts a drill, or picks up the open attempt at the node where it was left (leaving costs nothing). */
  async start(
    user: SessionUser,
    drillId: string,
    lang: Lang = 'en',
    idempotencyKey?: string,
  ): Promise<DrillAttemptStateDto> {
    const drill = this.drill(drillId);
    const organizationId = orgsWithRole(user, 'volunteer')[0] ?? null;
    // With a key (a start queued offline), a replay answers the attempt it first started, even once that
    // attempt has finished, rather than starting another.
    return this.idempotency.once(user.id, idempotencyKey, { startDrill: drill.id }, async (on) => {
      const { row, resumed } = await this.repo.startOrResume({
        volunteerId: user.id,
        organizationId,
        drillId: drill.id,
        drillHash: drill.hash,
        startNode: drill.start,
        maxScore: drill.maxScore,
        passScore: drill.pass,
        at: this.clock.now(),
        on,
      });
      return this.state(drill, row, resumed, lang);
    });
  }

  /**
   * A drill to play on a phone with no network (issue 19): its situations, choices and where each choice
   * leads, in `lang`, and which nodes are endings. No scores, feedback, flags, tiers or outcomes: the
   * choices are queued on the phone and scored here when they sync (`choose`, with an Idempotency-Key).
   */
  offline(drillId: string, lang: Lang = 'en'): DrillOfflineDto {
    const drill = this.drill(drillId);
    const shown = localizeDrill(drill, lang);
    return {
      drillId: drill.id,
      lang: shownLang(drill, lang),
      title: shown.title,
      start: drill.start,
      nodes: Object.values(shown.nodes).map((n) => ({
        id: n.id,
        text: n.end ? '' : n.text,
        end: Boolean(n.end),
        choices: n.end
          ? []
          : n.choices.map((c) => ({ index: c.index, text: c.text, next: c.target })),
      })),
    };
  }

  async current(
    user: SessionUser,
    attemptId: string,
    lang: Lang = 'en',
  ): Promise<DrillAttemptStateDto> {
    const row = await this.own(user, attemptId);
    return this.state(this.drill(row.drillId), row, false, lang);
  }

  /**
   * Makes a choice. The attempt stores the English drill's node ids, scores and texts whatever the
   * language (so an attempt scores the same in every language, and can go on in another); the answer
   * shows the feedback and the next situation in `lang`.
   */
  async choose(
    user: SessionUser,
    attemptId: string,
    index: number,
    lang: Lang = 'en',
    idempotencyKey?: string,
  ): Promise<DrillChoiceResultDto> {
    // A choice synced from a phone's offline queue: in one locked transaction with its key, so a replay
    // gets the first answer and the attempt moves (and is scored) once.
    if (idempotencyKey)
      return this.idempotency.once(
        user.id,
        idempotencyKey,
        { attempt: attemptId, choice: index },
        (m) => this.chooseLocked(user, attemptId, index, lang, m),
      );
    // Most steps only move along the graph: one read and one conditional write, no transaction. The write
    // applies only if the attempt is still where it was read (same node, same path length, still open);
    // otherwise (a concurrent step) and for a step that ends the drill, the locked transaction below decides.
    const seen = await this.repo.attempt(attemptId);
    if (!seen || seen.volunteerId !== user.id)
      throw new DomainError(ErrorCode.NotFound, 'There is no such drill attempt');
    if (seen.status === 'open') {
      const drill = this.drill(seen.drillId);
      const { step, next } = choose(drill, seen.currentNode, index);
      if (
        !next.end &&
        (await this.repo.advanceIfAt(
          seen.id,
          seen.currentNode,
          seen.path.length,
          step,
          next.id,
          this.clock.now(),
        ))
      ) {
        return this.chosen(drill, step, next, lang);
      }
    }
    return this.chooseLocked(user, attemptId, index, lang);
  }

  /** The answer to a choice, in `lang`: what was chosen, its feedback and the next situation. */
  private chosen(drill: Drill, step: PathStep, next: DrillNode, lang: Lang): DrillChoiceResultDto {
    const shown = localizeDrill(drill, lang);
    const choice = shown.nodes[step.node]?.choices[step.choice];
    return {
      chosen: choice?.text ?? step.text,
      feedback: choice?.feedback ?? step.feedback,
      score: step.score,
      finished: Boolean(next.end),
      next: next.end ? null : nodeView(nodeOf(shown, next.id)),
    };
  }

  private chooseLocked(
    user: SessionUser,
    attemptId: string,
    index: number,
    lang: Lang,
    on?: EntityManager,
  ): Promise<DrillChoiceResultDto> {
    const inTransaction = <T>(work: (m: EntityManager) => Promise<T>) =>
      on ? work(on) : this.repo.transaction(work);
    return inTransaction(async (m) => {
      const row = await this.repo.attempt(attemptId, m, true);
      if (!row || row.volunteerId !== user.id)
        throw new DomainError(ErrorCode.NotFound, 'There is no such drill attempt');
      if (row.status === 'finished')
        throw new DomainError(
          ErrorCode.Invalid,
          'This attempt is finished; start a new attempt to play again',
          [{ field: 'choice', messages: ['the attempt is finished'] }],
        );
      const drill = this.drill(row.drillId);
      const { step, next } = choose(drill, row.currentNode, index);
      const at = this.clock.now();
      await this.repo.advance(m, row.id, step, next.id, at);
      if (next.end) {
        const path = [...row.path, step];
        const score = row.score + step.score;
        const passed = score >= row.passScore;
        await this.repo.finish(m, row.id, {
          endNode: next.id,
          outcome: next.end.outcome,
          passed,
          at,
        });
        const grade = row.maxScore > 0 ? clamp01(score / row.maxScore) : 0;
        const level = drillLevel(this.content.catalog.framework, passed);
        await this.competencies.recordEvidence(
          drill.competencies.map((competencyId) => ({
            volunteerId: user.id,
            competencyId,
            source: 'drill' as const,
            sourceRef: `drill-attempt:${row.id}`,
            level,
            grade,
            note: `${drill.title}: ${next.end!.outcome}, ${score} of ${row.maxScore}`,
          })),
          m,
        );
        const flags = flagsOf(path);
        if (next.end.review || flags.length) {
          await this.repo.addReview(m, {
            attemptId: row.id,
            volunteerId: user.id,
            organizationId: row.organizationId,
            drillId: drill.id,
            outcome: next.end.outcome,
            flags,
            at,
          });
        }
      }
      return this.chosen(drill, step, next, lang);
    });
  }

  async debrief(user: SessionUser, attemptId: string, lang: Lang = 'en'): Promise<DrillDebriefDto> {
    const row = await this.own(user, attemptId);
    if (row.status !== 'finished')
      throw new DomainError(
        ErrorCode.Conflict,
        'The debrief opens when the drill reaches an ending',
      );
    const drill = this.drill(row.drillId);
    const shown = localizeDrill(drill, lang);
    const end = shown.nodes[row.endNode!];
    return {
      attemptId: row.id,
      drillId: drill.id,
      lang: shownLang(drill, lang),
      drillTitle: shown.title,
      contentNote: shown.contentNote ?? null,
      path: this.pathDto(drill, row.path, lang),
      competencies: competencyScores(row.path).map((c) => ({
        ...c,
        name: this.content.competency(c.competencyId, lang)?.name ?? c.competencyId,
      })),
      score: row.score,
      maxScore: row.maxScore,
      pass: row.passScore,
      passed: Boolean(row.passed),
      outcome: row.outcome!,
      ending: end?.text ?? '',
      review: Boolean(end?.end?.review) || flagsOf(row.path).length > 0,
      strongPath: shown.strongPath,
      reflectionPrompt: shown.reflection,
      reflection: row.reflection,
      finishedAt: row.finishedAt!.toISOString(),
    };
  }

  async reflect(
    user: SessionUser,
    attemptId: string,
    reflection: string,
    lang: Lang = 'en',
  ): Promise<DrillDebriefDto> {
    const row = await this.own(user, attemptId);
    if (row.status !== 'finished')
      throw new DomainError(
        ErrorCode.Invalid,
        'A reflection is saved at the debrief, after the drill ends',
        [{ field: 'reflection', messages: ['the drill has not ended yet'] }],
      );
    await this.repo.saveReflection(row.id, reflection.trim(), this.clock.now());
    return this.debrief(user, attemptId, lang);
  }

  /** The supervisor has gone over a flagged attempt with the volunteer: it leaves the queue. */
  async closeReview(user: SessionUser, reviewId: string): Promise<void> {
    const closed = await this.repo.closeReview(
      reviewId,
      user.id,
      orgsWithRole(user, 'supervisor'),
      this.clock.now(),
    );
    if (!closed)
      throw new DomainError(
        ErrorCode.NotFound,
        'There is no open review with that id among your volunteers',
      );
  }

  /** Flagged or review endings of the supervisor's cohort (and of volunteers not yet assigned to anyone). */
  async reviews(user: SessionUser, lang: Lang = 'en'): Promise<DrillReviewDto[]> {
    const rows = await this.repo.openReviews(user.id, orgsWithRole(user, 'supervisor'));
    return rows.map((r) => {
      const drill = this.content.drill(r.drillId);
      const shown = drill && localizeDrill(drill, lang);
      return {
        id: r.id,
        attemptId: r.attemptId,
        volunteerId: r.volunteerId,
        volunteerName: r.volunteerName,
        drillId: r.drillId,
        drillTitle: shown?.title ?? r.drillId,
        outcome: r.outcome,
        flags: r.flags,
        score: r.score,
        path: drill ? this.pathDto(drill, r.path, lang) : [],
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  private drill(id: string): Drill {
    const drill = this.content.drill(id);
    if (!drill) throw new DomainError(ErrorCode.NotFound, 'There is no drill with that id');
    return drill;
  }

  private async own(user: SessionUser, attemptId: string): Promise<AttemptRow> {
    const row = await this.repo.attempt(attemptId);
    // Someone else's attempt answers like a missing one: its existence is private too.
    if (!row || row.volunteerId !== user.id)
      throw new DomainError(ErrorCode.NotFound, 'There is no such drill attempt');
    return row;
  }

  private state(drill: Drill, row: AttemptRow, resumed: boolean, lang: Lang): DrillAttemptStateDto {
    const shown = localizeDrill(drill, lang);
    const node = row.status === 'open' ? nodeView(nodeOf(shown, row.currentNode)) : null;
    return {
      attemptId: row.id,
      drillId: drill.id,
      lang: shownLang(drill, lang),
      drillTitle: shown.title,
      status: row.status,
      steps: row.path.length,
      resumed,
      node,
    };
  }

  private summary(d: Drill, lang: Lang, attempts: AttemptRow[]): DrillSummaryDto {
    const shown = localizeDrill(d, lang);
    const behind = shownLang(d, lang) === 'en' ? undefined : d.translations[lang]?.behind;
    return {
      id: d.id,
      courseSlug: d.courseSlug,
      lang: shownLang(d, lang),
      translationBehind: behind ? { englishUpdatedOn: behind.englishUpdatedOn } : null,
      title: shown.title,
      setting: shown.setting,
      minutes: d.minutes,
      competencies: d.competencies,
      contentNote: shown.contentNote ?? null,
      decisions: d.decisionCount,
      fewestDecisions: fewestDecisions(d),
      attempts: attempts.map((a): DrillAttemptSummaryDto => ({
        id: a.id,
        status: a.status,
        startedAt: a.startedAt.toISOString(),
        finishedAt: a.finishedAt?.toISOString() ?? null,
        steps: a.path.length,
        score: a.status === 'finished' ? a.score : null,
        passed: a.passed,
        outcome: a.outcome,
      })),
    };
  }

  /**
   * The path as it was played. A step keeps the texts it was made with; it is shown in `lang` when the
   * English choice is still the one the step recorded (a later content edit never rewrites a past step).
   */
  private pathDto(drill: Drill, path: PathStep[], lang: Lang): DrillPathStepDto[] {
    const shown = localizeDrill(drill, lang);
    return path.map((s) => {
      const english = drill.nodes[s.node]?.choices[s.choice];
      const same = english?.text === s.text && english.feedback === s.feedback;
      const choice = same ? shown.nodes[s.node]?.choices[s.choice] : undefined;
      return {
        situation: shown.nodes[s.node]?.text ?? '',
        chosen: choice?.text ?? s.text,
        feedback: choice?.feedback ?? s.feedback,
        score: s.score,
        best: s.best,
        competencyId: s.comp,
        flag: s.flag,
      };
    });
  }
}

/** The language a drill is shown in: `lang` where it has a translation, else English. */
const shownLang = (d: Drill, lang: Lang): Lang =>
  Object.hasOwn(d.translations, lang) ? lang : 'en';

/** The fewest decisions from the start to an ending (breadth first): with `decisionCount`, the honest range. */
export function fewestDecisions(d: Pick<Drill, 'start' | 'nodes'>): number {
  const depth = new Map<string, number>([[d.start, 0]]);
  const queue: string[] = [d.start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    const node = d.nodes[id];
    if (!node) continue;
    if (node.end) return depth.get(id)!;
    for (const c of node.choices)
      if (!depth.has(c.target)) {
        depth.set(c.target, depth.get(id)! + 1);
        queue.push(c.target);
      }
  }
  return 0;
}
