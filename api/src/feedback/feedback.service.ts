import { localizeDrill } from '@kindred/courses';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import type { Lang } from '../common/i18n.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { ContentService } from '../content/content.service.js';
import {
  FEEDBACK_CHOICES,
  MIN_RESPONSES_TO_COMPARE,
  risenAfterEdit,
  total,
  type Counts,
} from './feedback-flags.js';
import {
  analyseItems,
  LOW_DISCRIMINATION,
  MIN_ATTEMPTS,
  TOO_EASY,
  TOO_HARD,
  type AnalysedQuestion,
} from './item-analysis.js';
import type {
  DrillReportDto,
  ItemReportDto,
  ModuleItemsDto,
  FeedbackReportDto,
  FeedbackStateDto,
  FeedbackSubjectDto,
  GiveFeedbackDto,
} from './feedback.dto.js';
import { FeedbackRepository, type Subject } from './feedback.repository.js';
import { toCsv } from '../common/csv.js';
import { localizeQuiz } from '../courses/courses.service.js';
import {
  analyseDrill,
  LEFT_AFTER_HOURS,
  MIN_DRILL_ATTEMPTS,
  type DrillAnalysis,
} from './drill-analysis.js';
import { withheldText } from './evaluation.js';
import { shownCount } from './evaluation.js';

const emptyCounts = (): Counts => ({ clear: 0, too_hard: 0, upsetting: 0, not_useful: 0 });

/**
 * Volunteers' one-tap feedback on modules and drills, and what coordinators read of it.
 *
 * Privacy: the answer is stored without the person (content_feedback has no user column, only the month);
 * that the person answered is stored apart (content_feedback_given, without the answer), so they are asked
 * once per version. Nothing the API serves joins the two.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly repo: FeedbackRepository,
    private readonly content: ContentService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The module version the person read: the one their progress keeps, else the current one (what the
   * page shows to someone who has not saved a place yet). Null only for a module not synced yet.
   */
  private async moduleSubject(user: SessionUser, moduleId: string): Promise<Subject | null> {
    const version = await this.repo.moduleVersionFor(user.id, moduleId);
    if (!version) return null;
    return {
      kind: 'module',
      id: moduleId,
      version,
      organizationId: orgsWithRole(user, 'volunteer')[0] ?? null,
    };
  }

  /** The drill version of the person's own finished attempt; 404 for someone else's or no attempt. */
  private async drillSubject(user: SessionUser, attemptId: string): Promise<Subject | null> {
    const row = await this.repo.ownDrillAttempt(attemptId, user.id);
    if (!row) throw new DomainError(ErrorCode.NotFound, 'There is no such drill attempt');
    if (row.status !== 'finished') return null;
    return { kind: 'drill', id: row.drillId, version: row.hash, organizationId: row.org };
  }

  /** Looked up in the loaded catalog, never in SQL: an odd id (a NUL byte, a path) is simply not there. */
  private moduleExists(moduleId: string) {
    if (!this.content.catalog.courses.some((c) => c.modules.some((m) => m.id === moduleId)))
      throw new DomainError(ErrorCode.NotFound, 'There is no module with that id');
  }

  private given(user: SessionUser, s: Subject): Promise<boolean> {
    return this.repo.given(user.id, s);
  }

  /**
   * Asked by every module page: one statement finds the version the person read (as `moduleSubject`) and
   * whether they answered on it (as `given`).
   */
  async moduleState(user: SessionUser, moduleId: string): Promise<FeedbackStateDto> {
    this.moduleExists(moduleId);
    const row = await this.repo.moduleState(user.id, moduleId);
    return { canGive: Boolean(row.version), given: Boolean(row.version) && row.given };
  }

  async drillState(user: SessionUser, attemptId: string): Promise<FeedbackStateDto> {
    const s = await this.drillSubject(user, attemptId);
    return { canGive: Boolean(s), given: s ? await this.given(user, s) : false };
  }

  async giveOnModule(user: SessionUser, moduleId: string, dto: GiveFeedbackDto) {
    this.moduleExists(moduleId);
    const s = await this.moduleSubject(user, moduleId);
    if (!s) throw new DomainError(ErrorCode.Conflict, 'This module is not in the catalog yet');
    return this.give(user, s, dto);
  }

  async giveOnDrill(user: SessionUser, attemptId: string, dto: GiveFeedbackDto) {
    const s = await this.drillSubject(user, attemptId);
    if (!s)
      throw new DomainError(ErrorCode.Conflict, 'Finish the drill before giving feedback on it');
    return this.give(user, s, dto);
  }

  private async give(
    user: SessionUser,
    s: Subject,
    dto: GiveFeedbackDto,
  ): Promise<FeedbackStateDto> {
    const comment = dto.comment?.trim() ? dto.comment.trim() : null;
    const now = this.clock.now();
    const month = `${now.getUTCFullYear().toString()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
    if (!(await this.repo.give(user.id, s, { choice: dto.choice, comment, month })))
      throw new DomainError(ErrorCode.Conflict, 'You already gave feedback on this version');
    return { canGive: true, given: true };
  }

  /** A module's translated texts in `lang`, if it has them. */
  private translatedModule(id: string, lang: Lang) {
    if (lang === 'en') return undefined;
    const course = this.content.catalog.courses.find((c) => c.modules.some((m) => m.id === id));
    return course?.translations[lang]?.modules[id];
  }

  /** Per module and drill of the coordinator's programs: counts per answer and version, flags, comments. */
  async report(user: SessionUser, lang: Lang = 'en'): Promise<FeedbackReportDto> {
    const orgs = orgsWithRole(user, 'coordinator');
    const counts = await this.repo.counts(orgs);
    const comments = await this.repo.comments(orgs);
    const moduleVersions = await this.repo.moduleVersions([
      ...new Set(counts.filter((c) => c.kind === 'module').map((c) => c.id)),
    ]);
    const drillVersions = await this.repo.drillVersions([
      ...new Set(counts.filter((c) => c.kind === 'drill').map((c) => c.version)),
    ]);

    const subjects = new Map<string, FeedbackSubjectDto & { byVersion: Map<string, Counts> }>();
    for (const c of counts) {
      const key = `${c.kind}:${c.id}`;
      let s = subjects.get(key);
      if (!s) {
        const title =
          c.kind === 'module'
            ? (this.translatedModule(c.id, lang)?.title ??
              moduleVersions.find((v) => v.moduleId === c.id)?.title ??
              c.id)
            : (this.content.drillTitle(c.id, lang) ?? c.id);
        s = {
          kind: c.kind,
          id: c.id,
          title,
          versions: [],
          flags: [],
          comments: [],
          byVersion: new Map(),
        };
        subjects.set(key, s);
      }
      const v = s.byVersion.get(c.version) ?? emptyCounts();
      v[c.choice] += Number(c.n);
      s.byVersion.set(c.version, v);
    }
    const out: FeedbackSubjectDto[] = [];
    // A version answered by fewer than KINDRED_SUPPRESS_BELOW people is withheld whole: its counts, its
    // total and its comments (a comment among three answers is as good as signed). The answers of a
    // version shown are an unnamed pool of at least that many, so its counts per answer are shown.
    const threshold = this.config.suppressBelow;
    const shown = (c: Counts) => total(c) >= threshold;
    for (const s of subjects.values()) {
      const versions = [...s.byVersion.entries()].map(([version, c]) => {
        if (s.kind === 'module') {
          const mv = moduleVersions.find((v) => v.id === version);
          return { version, c, since: mv?.since ?? null, current: mv?.current ?? false };
        }
        const dv = drillVersions.find((v) => v.hash === version);
        return {
          version,
          c,
          since: dv?.since ?? null,
          current: this.content.drill(s.id)?.hash === version,
        };
      });
      versions.sort((a, b) => (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0));
      const numberOf = new Map(versions.map((v, i) => [v.version, i + 1]));
      out.push({
        kind: s.kind,
        id: s.id,
        title: s.title,
        versions: versions.map((v, i) => ({
          number: i + 1,
          version: v.version,
          current: v.current,
          since: v.since ? v.since.toISOString().slice(0, 10) : null,
          total: shown(v.c) ? total(v.c) : null,
          counts: shown(v.c) ? v.c : null,
        })),
        flags: risenAfterEdit(
          versions.map((v) => v.c),
          Math.max(MIN_RESPONSES_TO_COMPARE, threshold),
        ),
        comments: comments
          .filter((c) => c.kind === s.kind && c.id === s.id)
          .filter((c) => shown(s.byVersion.get(c.version) ?? emptyCounts()))
          .map((c) => ({
            version: numberOf.get(c.version) ?? 0,
            choice: c.choice,
            comment: c.comment,
          })),
      });
    }
    // flagged first, then by title
    out.sort((a, b) => b.flags.length - a.flags.length || a.title.localeCompare(b.title));
    return {
      threshold: this.config.suppressBelow,
      minResponsesToCompare: Math.max(MIN_RESPONSES_TO_COMPARE, this.config.suppressBelow),
      subjects: out,
    };
  }

  /**
   * Item analysis per module over the attempts of its current version by volunteers of the coordinator's
   * programs: each person's first attempt at the module apart from their retakes, each group only with
   * MIN_ATTEMPTS attempts or more (or KINDRED_SUPPRESS_BELOW, if that is higher); a group of fewer than
   * KINDRED_SUPPRESS_BELOW attempts does not even say how many.
   */
  async itemReport(user: SessionUser, lang: Lang = 'en'): Promise<ItemReportDto> {
    const orgs = orgsWithRole(user, 'coordinator');
    const threshold = this.config.suppressBelow;
    const minAttempts = Math.max(MIN_ATTEMPTS, threshold);
    const rows = await this.repo.currentVersionAttempts(orgs);
    const modules = await this.repo.currentQuizzes([...new Set(rows.map((r) => r.moduleId))]);
    const group = (quiz: AnalysedQuestion[], answers: Record<string, string>[]) => ({
      attempts: shownCount(answers.length, threshold),
      items: answers.length >= minAttempts ? analyseItems(quiz, answers) : null,
    });
    const out: ModuleItemsDto[] = modules.map((stored) => {
      // the stored version grades; its prompts and choices are shown in the reader's language
      const text = this.translatedModule(stored.id, lang);
      const m = text
        ? {
            ...stored,
            title: text.title,
            quiz: localizeQuiz(stored.quiz, text),
          }
        : stored;
      const mine = rows.filter((r) => r.moduleId === m.id);
      return {
        moduleId: m.id,
        title: m.title,
        first: group(
          m.quiz,
          mine.filter((r) => r.first).map((r) => r.answers),
        ),
        retakes: group(
          m.quiz,
          mine.filter((r) => !r.first).map((r) => r.answers),
        ),
      };
    });
    return {
      threshold,
      minAttempts,
      tooEasy: TOO_EASY,
      tooHard: TOO_HARD,
      lowDiscrimination: LOW_DISCRIMINATION,
      modules: out,
    };
  }

  /**
   * Drill analysis per drill that volunteers of the coordinator's programs have attempted: choices and
   * departures per node, the unsafe choices most taken and the score distribution of the current version,
   * and the pass rate per version; each group only from max(MIN_DRILL_ATTEMPTS, threshold) attempts made
   * by at least KINDRED_SUPPRESS_BELOW people.
   */
  async drillReport(user: SessionUser, lang: Lang = 'en'): Promise<DrillReportDto> {
    const threshold = this.config.suppressBelow;
    const minAttempts = Math.max(MIN_DRILL_ATTEMPTS, threshold);
    const rows = await this.repo.drillAttempts(orgsWithRole(user, 'coordinator'));
    const now = this.clock.now();
    const drills: DrillAnalysis[] = [];
    for (const id of [...new Set(rows.map((r) => r.drillId))]) {
      // a drill no longer in the catalog has no graph to lay the attempts on
      const drill = this.content.drill(id);
      if (!drill) continue;
      drills.push(
        analyseDrill(
          localizeDrill(drill, lang),
          rows.filter((r) => r.drillId === id),
          now,
          minAttempts,
          threshold,
        ),
      );
    }
    drills.sort((a, b) => a.title.localeCompare(b.title));
    return { threshold, minAttempts, leftAfterHours: LEFT_AFTER_HOURS, drills };
  }

  /**
   * The feedback table as CSV: one row per version of each module and drill, its counts per answer and
   * flags. No comments: a CSV travels further than the page, and a comment is the one thing in it that a
   * person wrote in their own words.
   */
  async feedbackCsv(user: SessionUser): Promise<string> {
    const r = await this.report(user);
    const fewer = withheldText(r.threshold) + ' people';
    const out = [
      [
        'kind',
        'id',
        'title',
        'version',
        'current',
        'since',
        'answers',
        ...FEEDBACK_CHOICES,
        'flags_on_latest',
      ],
    ];
    for (const s of r.subjects)
      for (const v of s.versions)
        out.push([
          s.kind,
          s.id,
          s.title,
          String(v.number),
          String(v.current),
          v.since ?? '',
          v.total === null ? fewer : String(v.total),
          ...FEEDBACK_CHOICES.map((c) => (v.counts === null ? fewer : String(v.counts[c]))),
          v.number === s.versions.length ? s.flags.join(' ') : '',
        ]);
    return toCsv(out);
  }

  /**
   * The item table as CSV: one row per question of each module's current version, first attempts and
   * retakes apart; a group below the minimum says so in one row.
   */
  async itemsCsv(user: SessionUser): Promise<string> {
    const r = await this.itemReport(user);
    const out = [
      [
        'module_id',
        'title',
        'group',
        'attempts',
        'question_id',
        'prompt',
        'facility',
        'discrimination',
        'flags',
        'wrong_choices',
      ],
    ];
    for (const m of r.modules)
      for (const [group, g] of [
        ['first', m.first],
        ['retakes', m.retakes],
      ] as const) {
        const attempts = g.attempts === null ? withheldText(r.threshold) : String(g.attempts);
        if (!g.items) {
          if (g.attempts !== 0)
            out.push([
              m.moduleId,
              m.title,
              group,
              attempts,
              '',
              '',
              '',
              '',
              `not analysed: ${withheldText(r.minAttempts)} attempts`,
              '',
            ]);
          continue;
        }
        for (const i of g.items)
          out.push([
            m.moduleId,
            m.title,
            group,
            attempts,
            i.questionId,
            i.prompt,
            String(i.facility),
            i.discrimination === null ? '' : String(i.discrimination),
            i.flags.join(' '),
            i.wrongChoices.map((w) => `${w.choiceId}: ${String(w.count)}`).join('; '),
          ]);
      }
    return toCsv(out);
  }

  /** The node table as CSV: one row per choice of each node; a drill not reported says so in one row. */
  async drillNodesCsv(user: SessionUser): Promise<string> {
    const r = await this.drillReport(user);
    const fewer = withheldText(r.minAttempts) + ' attempts';
    const out = [
      [
        'drill_id',
        'node',
        'reached',
        'left_here',
        'choice',
        'choice_text',
        'choice_score',
        'flag',
        'chosen',
        'share_of_choices_here',
      ],
    ];
    for (const d of r.drills) {
      if (!d.nodes) {
        out.push([d.drillId, '', fewer, fewer, '', '', '', '', fewer, fewer]);
        continue;
      }
      for (const n of d.nodes)
        for (const c of n.choices)
          out.push([
            d.drillId,
            n.node,
            String(n.reached),
            String(n.left),
            String(c.index),
            c.text,
            String(c.score),
            c.flag ?? '',
            String(c.chosen),
            c.share === null ? '' : String(c.share),
          ]);
    }
    return toCsv(out);
  }

  /** Score distribution (current version) and pass rate per version as CSV. */
  async drillOutcomesCsv(user: SessionUser): Promise<string> {
    const r = await this.drillReport(user);
    const fewer = withheldText(r.minAttempts) + ' attempts';
    const out = [
      ['drill_id', 'part', 'version', 'current', 'score', 'attempts', 'passed', 'pass_rate'],
    ];
    for (const d of r.drills) {
      if (d.scores)
        for (const s of d.scores)
          out.push([d.drillId, 'score', '', 'true', String(s.score), String(s.attempts), '', '']);
      else out.push([d.drillId, 'score', '', 'true', '', fewer, '', '']);
      for (const v of d.versions)
        out.push([
          d.drillId,
          'version',
          String(v.number),
          String(v.current),
          '',
          v.finished === null ? fewer : String(v.finished),
          v.passed === null ? fewer : String(v.passed),
          v.passRate === null ? fewer : String(v.passRate),
        ]);
    }
    return toCsv(out);
  }
}
