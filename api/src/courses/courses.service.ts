import { Injectable } from '@nestjs/common';
import {
  gradeQuiz,
  GradingInputError,
  publicQuestion,
  type Course,
  type Question,
  type TranslatedModule,
} from '@kindred/courses';
import { CompetenciesService } from '../competencies/competencies.service.js';
import { CeService } from '../ce/ce.service.js';
import { Clock } from '../common/clock.js';
import { IdempotencyService } from '../common/idempotency.js';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import type { SessionUser } from '../common/session-user.js';
import { CourseContent, type ModuleEntry } from './course-content.js';
import { OrganizationsRepository } from '../organizations/organizations.repository.js';
import { reportingRulesDto } from '../organizations/organizations.service.js';
import { CoursesRepository, type CurrentVersion } from './courses.repository.js';
import { arrange, drawOrder } from './quiz-order.js';
import type {
  AttemptResultDto,
  CourseDetailDto,
  CourseSummaryDto,
  Lang,
  ModuleDto,
  MyLearningDto,
  NextModuleDto,
  ProgressDto,
  QuizDto,
  SaveProgressDto,
  SavedAnswersDto,
} from './courses.dto.js';
import {
  courseProgress,
  evidenceForAttempt,
  nextStatus,
  overallProgress,
  statusOf,
  type ProgressRecord,
} from './learning.progress.js';

/** A body link to the page's box of program rules: `[Your program's rules](#program-rules)`. */
export const PROGRAM_RULES_LINK = /\]\(\s*#program-rules\s*\)/;
/** "1, 2 and 4" */
const listOf = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;

/** Refuses unknown questions and choices (400 naming the field), by the grader's own rules. */
function checkAnswers(quiz: Question[], answers: Record<string, string>): void {
  try {
    gradeQuiz({ quiz }, answers, 0);
  } catch (e) {
    if (e instanceof GradingInputError) throw invalid(e.field, e.message);
    throw e;
  }
}

/** Questions right needed to pass (the same rule as gradeQuiz). */
const required = (passMark: number, total: number) => Math.ceil(passMark * total - 1e-9);

@Injectable()
export class CoursesService {
  constructor(
    private readonly content: CourseContent,
    private readonly repo: CoursesRepository,
    private readonly clock: Clock,
    private readonly competencies: CompetenciesService,
    private readonly ce: CeService,
    private readonly orgs: OrganizationsRepository,
    private readonly idempotency: IdempotencyService,
  ) {}

  async catalog(user: SessionUser, lang: Lang = 'en'): Promise<CourseSummaryDto[]> {
    const [enrolled, progress] = await Promise.all([
      this.repo.enrolledSlugs(user.id),
      this.repo.progress(user.id),
    ]);
    return this.content.courses.map((c) => this.summary(c, lang, enrolled.has(c.slug), progress));
  }

  async course(user: SessionUser, slug: string, lang: Lang = 'en'): Promise<CourseDetailDto> {
    const course = this.findCourse(slug);
    const [enrolled, progress] = await Promise.all([
      this.repo.enrolledSlugs(user.id),
      this.repo.progress(
        user.id,
        course.modules.map((m) => m.id),
      ),
    ]);
    const t = course.translations[lang];
    return {
      ...this.summary(course, lang, enrolled.has(slug), progress),
      welcome: t?.welcome ?? course.welcome,
      nextModuleId: courseProgress(course, progress).nextModuleId,
      modules: course.modules.map((m) => {
        const tm = t?.modules[m.id] ?? m;
        return {
          id: m.id,
          slug: m.slug,
          title: tm.title,
          minutes: m.minutes,
          competencies: m.competencies,
          contentNote: tm.contentNote ?? null,
          status: statusOf(progress, m.id),
        };
      }),
    };
  }

  async enroll(user: SessionUser, slug: string, lang: Lang = 'en'): Promise<CourseDetailDto> {
    this.findCourse(slug);
    await this.repo.enroll(user.id, slug, this.clock.now());
    return this.course(user, slug, lang);
  }

  async module(user: SessionUser, id: string, lang: Lang = 'en'): Promise<ModuleDto> {
    const entry = this.findModule(id);
    const { module: m, course, index } = entry;
    // The reader's own state in one statement; program rules only for a body that shows them.
    const [{ progress, enrolled }, programRules] = await Promise.all([
      this.repo.moduleState(user.id, id, course.slug),
      this.programRules(user, m.body),
    ]);
    const { text, lang: shown } = this.localized(entry, lang);
    const link = (i: number) => {
      const other = course.modules[i];
      if (!other) return null;
      return {
        id: other.id,
        title: (course.translations[shown]?.modules[other.id] ?? other).title,
      };
    };
    return {
      id: m.id,
      slug: m.slug,
      lang: shown,
      title: text.title,
      minutes: m.minutes,
      objectives: text.objectives,
      competencies: m.competencies,
      contentNote: text.contentNote ?? null,
      reflection: text.reflection,
      course: { slug: course.slug, title: course.translations[shown]?.title ?? course.title },
      prev: link(index - 1),
      next: link(index + 1),
      status: statusOf(progress, id),
      position: progress.get(id)?.position ?? null,
      questionCount: m.quiz.length,
      enrolled,
      programRules,
      translationBehind:
        shown !== 'en' && text.behind ? { englishUpdatedOn: text.behind.englishUpdatedOn } : null,
    };
  }

  /**
   * A module body shows the reader's program rules by linking to `#program-rules` (the page renders a box
   * with that id): then the rules of every program the reader volunteers in, else null.
   */
  private async programRules(user: SessionUser, body: string) {
    if (!PROGRAM_RULES_LINK.test(body)) return null;
    const ids = user.memberships.filter((x) => x.role === 'volunteer').map((x) => x.organizationId);
    return (await this.orgs.reportingRules(ids)).map(reportingRulesDto);
  }

  /** Saves the reader's place ("take a break" calls this); reading a module enrolls in its course. */
  async saveProgress(user: SessionUser, id: string, dto: SaveProgressDto): Promise<ProgressDto> {
    const { course } = this.findModule(id);
    const [version, progress] = await Promise.all([
      this.version(id),
      this.repo.progress(user.id, [id]),
    ]);
    const current = progress.get(id)?.status;
    if (
      dto.status === 'completed' &&
      current !== 'completed' &&
      !(await this.repo.hasPassed(user.id, id))
    ) {
      throw new DomainError(
        ErrorCode.Conflict,
        'A module is done once its knowledge check is passed. Take the check first.',
        [{ field: 'status', messages: ['pass the knowledge check first'] }],
      );
    }
    const now = this.clock.now();
    await this.repo.enroll(user.id, course.slug, now);
    const saved = await this.repo.saveProgress(
      user.id,
      id,
      version.id,
      nextStatus(current, dto.status),
      dto.position,
      now,
    );
    return toProgressDto(saved);
  }

  /**
   * A module's knowledge check as drawn for me: the questions and their choices in this attempt's order
   * (a retake draws another), with the answers I have saved so far. Never the answers or explanations.
   */
  async quiz(user: SessionUser, id: string, lang: Lang = 'en'): Promise<QuizDto> {
    const entry = this.findModule(id);
    const version = await this.version(id);
    const draft = await this.draftFor(user, id, version);
    const { text, lang: shown } = this.localized(entry, lang);
    const questions = arrange(localizeQuiz(version.quiz, text), draft.order).map(publicQuestion);
    return {
      moduleId: id,
      title: text.title,
      lang: shown,
      passMark: version.passMark,
      required: required(version.passMark, questions.length),
      attempt: (await this.repo.attemptCount(user.id, id)) + 1,
      answers: draft.answers,
      questions,
    };
  }

  /** Saves the answers chosen so far (the page calls this on every choice), so a reload keeps them. */
  async saveAnswers(
    user: SessionUser,
    id: string,
    answers: Record<string, string>,
  ): Promise<SavedAnswersDto> {
    this.findModule(id);
    const version = await this.version(id);
    checkAnswers(version.quiz, answers);
    const draft = await this.draftFor(user, id, version);
    const now = this.clock.now();
    await this.repo.saveDraftAnswers(user.id, id, draft.versionId, answers, now);
    return { answers, savedAt: now.toISOString() };
  }

  /** The draft of the current version, drawn now (in another order than the last attempt) when there is none. */
  private async draftFor(user: SessionUser, id: string, version: CurrentVersion) {
    const draft = await this.repo.draft(user.id, id);
    if (draft && draft.versionId === version.id) return draft;
    const previous = await this.repo.lastAttemptOrder(user.id, id);
    return this.repo.startDraft(
      user.id,
      id,
      version.id,
      drawOrder(version.quiz, previous),
      this.clock.now(),
    );
  }

  /**
   * Grades against the module's current version, stores the attempt (with the order it was drawn in), and
   * on a pass writes evidence and completes the module. Every question must be answered: a blank or partial
   * submission is not an attempt (422 naming the questions left). The explanations of choices not chosen,
   * and the best answer to a question answered wrongly, are sent only once the check is passed.
   */
  async submit(
    user: SessionUser,
    id: string,
    answers: Record<string, string>,
    lang: Lang = 'en',
    idempotencyKey?: string,
  ): Promise<AttemptResultDto> {
    // A phone syncing its offline queue sends a key: a replay gets the first grading, nothing is stored twice.
    return this.idempotency.once(user.id, idempotencyKey, { quiz: id, answers }, (m) =>
      this.grade(user, id, answers, lang, m),
    );
  }

  private async grade(
    user: SessionUser,
    id: string,
    answers: Record<string, string>,
    lang: Lang,
    m?: EntityManager,
  ): Promise<AttemptResultDto> {
    const entry = this.findModule(id);
    const version = await this.version(id);
    checkAnswers(version.quiz, answers);
    const draft = await this.repo.draft(user.id, id);
    const order =
      draft && draft.versionId === version.id
        ? draft.order
        : version.quiz.map((q) => ({ id: q.id, choices: q.choices.map((c) => c.id) }));
    const shown = arrange(localizeQuiz(version.quiz, this.localized(entry, lang).text), order);
    const unanswered = shown
      .map((q, i) => ({ q, n: i + 1 }))
      .filter(({ q }) => typeof answers[q.id] !== 'string' || answers[q.id] === '');
    if (unanswered.length > 0) {
      const numbers = unanswered.map(({ n }) => n);
      throw new DomainError(
        ErrorCode.Unprocessable,
        `Answer every question before it is graded: ${
          numbers.length === 1 ? 'question' : 'questions'
        } ${listOf(numbers.map(String))} ${numbers.length === 1 ? 'is' : 'are'} not answered yet. Nothing was graded.`,
        unanswered.map(({ q, n }) => ({
          field: `answers.${q.id}`,
          messages: [`Question ${n} is not answered: ${q.prompt}`],
        })),
      );
    }
    const result = gradeQuiz({ quiz: version.quiz }, answers, version.passMark);
    const evidence = evidenceForAttempt(version.quiz, result);
    const attemptId = await this.repo.saveAttempt(
      {
        userId: user.id,
        moduleId: id,
        versionId: version.id,
        answers,
        order,
        score: result.score,
        total: result.total,
        passed: result.passed,
        evidence,
        now: this.clock.now(),
      },
      entry.course.slug,
      (rows, m) => this.competencies.recordEvidence(rows, m),
      // A pass completes the module: it counts as Kindred continuing education (once, however often it is passed).
      (t, now) => this.ce.recordModule(user.id, id, now.toISOString().slice(0, 10), t),
      m,
    );
    const progress = await this.repo.progress(user.id, [id], m);
    const graded = new Map(result.results.map((r) => [r.questionId, r]));
    return {
      id: attemptId,
      score: result.score,
      total: result.total,
      passed: result.passed,
      required: required(version.passMark, result.total),
      explained: result.passed,
      evidenceFor: evidence.map((e) => e.competencyId),
      moduleStatus: statusOf(progress, id),
      results: shown.map((q) => {
        const r = graded.get(q.id)!;
        // Before a pass, only what was chosen is explained: the rest would hand over the answers.
        const open = result.passed;
        return {
          questionId: r.questionId,
          prompt: q.prompt,
          chosen: r.chosen,
          correct: r.correct,
          answer: open || r.correct ? r.answer : null,
          choices: q.choices.map((c) => ({
            id: c.id,
            text: c.text,
            explain: open || c.id === r.chosen ? c.explain : null,
          })),
        };
      }),
    };
  }

  /** A person's next module across the courses they are enrolled in (the evening reminder says it). */
  async nextFor(userId: string, lang: Lang): Promise<NextModuleDto | null> {
    const [enrolledSlugs, progress] = await Promise.all([
      this.repo.enrolledSlugs(userId),
      this.repo.progress(userId),
    ]);
    const enrolled = this.content.courses.filter((c) => enrolledSlugs.has(c.slug));
    const next = overallProgress(enrolled, progress).next;
    return next ? this.nextModule(next.moduleId, lang, progress) : null;
  }

  async myLearning(user: SessionUser, lang: Lang = 'en'): Promise<MyLearningDto> {
    const [enrolledSlugs, progress] = await Promise.all([
      this.repo.enrolledSlugs(user.id),
      this.repo.progress(user.id),
    ]);
    const enrolled = this.content.courses.filter((c) => enrolledSlugs.has(c.slug));
    const overall = overallProgress(enrolled, progress);
    return {
      totalModules: overall.totalModules,
      completedModules: overall.completedModules,
      percent: overall.percent,
      minutesLeft: overall.minutesLeft,
      next: overall.next ? this.nextModule(overall.next.moduleId, lang, progress) : null,
      courses: enrolled.map((c) => {
        const p = courseProgress(c, progress);
        return {
          slug: c.slug,
          title: c.translations[lang]?.title ?? c.title,
          moduleCount: p.moduleCount,
          completedModules: p.completedModules,
          percent: p.percent,
          minutesLeft: p.minutesLeft,
          next: p.nextModuleId ? this.nextModule(p.nextModuleId, lang, progress) : null,
        };
      }),
    };
  }

  private nextModule(id: string, lang: Lang, progress: Map<string, ProgressRecord>): NextModuleDto {
    const entry = this.findModule(id);
    const { text } = this.localized(entry, lang);
    return {
      moduleId: id,
      title: text.title,
      minutes: entry.module.minutes,
      status: statusOf(progress, id),
      courseSlug: entry.course.slug,
      courseTitle: entry.course.translations[lang]?.title ?? entry.course.title,
    };
  }

  private summary(
    c: Course,
    lang: Lang,
    enrolled: boolean,
    progress: Map<string, ProgressRecord>,
  ): CourseSummaryDto {
    const p = courseProgress(c, progress);
    const t = c.translations[lang];
    return {
      slug: c.slug,
      title: t?.title ?? c.title,
      summary: t?.summary ?? c.summary,
      lang: t ? lang : 'en',
      category: c.category,
      minutes: p.minutes,
      moduleCount: p.moduleCount,
      competencies: c.competencies,
      enrolled,
      completedModules: p.completedModules,
      percent: p.percent,
      minutesLeft: p.minutesLeft,
    };
  }

  /** The module's texts in `lang` where translated, else in English; `lang` says which. */
  private localized(entry: ModuleEntry, lang: Lang): { text: TranslatedModule; lang: Lang } {
    const translated = entry.course.translations[lang]?.modules[entry.module.id];
    return translated ? { text: translated, lang } : { text: entry.module, lang: 'en' };
  }

  private findCourse(slug: string): Course {
    const course = this.content.course(slug);
    if (!course) throw new DomainError(ErrorCode.NotFound, 'There is no course at this address.');
    return course;
  }

  private findModule(id: string): ModuleEntry {
    const entry = this.content.module(id);
    if (!entry) throw new DomainError(ErrorCode.NotFound, 'There is no module at this address.');
    return entry;
  }

  private async version(id: string) {
    const version = await this.repo.currentVersion(id);
    if (!version)
      throw new DomainError(ErrorCode.NotFound, 'This module is not in the catalog yet.');
    return version;
  }
}

/**
 * The stored quiz (which grades) with prompts, choice texts and explanations from the shown language;
 * translations keep the same question and choice ids (the checker enforces it). Generic so the item
 * analysis (feedback.service) can show its own stored shape in the reader's language.
 */
export function localizeQuiz<
  Q extends {
    id: string;
    prompt: string;
    choices: { id: string; text: string; explain?: string }[];
  },
>(quiz: Q[], text: Pick<TranslatedModule, 'quiz'>): Q[] {
  return quiz.map((q) => {
    const tq = text.quiz.find((x) => x.id === q.id);
    return {
      ...q,
      prompt: tq?.prompt ?? q.prompt,
      choices: q.choices.map((c) => {
        const tc = tq?.choices.find((x) => x.id === c.id);
        const shown = { ...c, text: tc?.text ?? c.text };
        return 'explain' in c ? { ...shown, explain: tc?.explain ?? c.explain } : shown;
      }),
    };
  });
}

const toProgressDto = (p: ProgressRecord): ProgressDto => ({
  moduleId: p.moduleId,
  status: p.status,
  position: p.position,
  updatedAt: new Date(p.updatedAt).toISOString(),
});
