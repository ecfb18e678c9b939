import type { Course, Question, QuizResult } from '@kindred/courses';
import type { ProgressStatus } from './courses.entity.js';

/** Pure rules of progress, next steps and evidence; the service feeds them rows and content. */

export type ModuleStatus = 'not_started' | ProgressStatus;

export interface ProgressRecord {
  moduleId: string;
  status: ProgressStatus;
  position: string | null;
  updatedAt: Date;
}

export interface CourseProgress {
  slug: string;
  moduleCount: number;
  completedModules: number;
  /** whole percent of modules completed */
  percent: number;
  minutes: number;
  minutesLeft: number;
  /** the module to do next: the most recently touched started one, else the first not completed */
  nextModuleId: string | null;
}

export const percent = (done: number, total: number): number =>
  total === 0 ? 0 : Math.floor((done / total) * 100);

export function statusOf(progress: Map<string, ProgressRecord>, moduleId: string): ModuleStatus {
  return progress.get(moduleId)?.status ?? 'not_started';
}

export function courseProgress(
  course: Course,
  progress: Map<string, ProgressRecord>,
): CourseProgress {
  const modules = course.modules;
  const left = modules.filter((m) => statusOf(progress, m.id) !== 'completed');
  const started = left
    .map((m) => progress.get(m.id))
    .filter((p): p is ProgressRecord => p !== undefined)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const completedModules = modules.length - left.length;
  return {
    slug: course.slug,
    moduleCount: modules.length,
    completedModules,
    percent: percent(completedModules, modules.length),
    minutes: sum(modules.map((m) => m.minutes)),
    minutesLeft: sum(left.map((m) => m.minutes)),
    nextModuleId: started[0]?.moduleId ?? left[0]?.id ?? null,
  };
}

export interface OverallProgress {
  totalModules: number;
  completedModules: number;
  percent: number;
  minutesLeft: number;
  /** the next module across enrolled courses: a started one first (most recent), else the first course not finished */
  next: { courseSlug: string; moduleId: string } | null;
}

export function overallProgress(
  enrolled: Course[],
  progress: Map<string, ProgressRecord>,
): OverallProgress {
  const perCourse = enrolled.map((c) => courseProgress(c, progress));
  const totalModules = sum(perCourse.map((c) => c.moduleCount));
  const completedModules = sum(perCourse.map((c) => c.completedModules));
  const startedNext = perCourse
    .filter((c) => c.nextModuleId && progress.has(c.nextModuleId))
    .sort(
      (a, b) =>
        progress.get(b.nextModuleId!)!.updatedAt.getTime() -
        progress.get(a.nextModuleId!)!.updatedAt.getTime(),
    )[0];
  const chosen = startedNext ?? perCourse.find((c) => c.nextModuleId);
  return {
    totalModules,
    completedModules,
    percent: percent(completedModules, totalModules),
    minutesLeft: sum(perCourse.map((c) => c.minutesLeft)),
    next: chosen ? { courseSlug: chosen.slug, moduleId: chosen.nextModuleId! } : null,
  };
}

/** The status after a save: a completed module never goes back to started. */
export function nextStatus(
  current: ProgressStatus | undefined,
  requested: ProgressStatus | undefined,
): ProgressStatus {
  if (current === 'completed' || requested === 'completed') return 'completed';
  return 'started';
}

export interface EvidenceDraft {
  competencyId: string;
  level: string;
  grade: number;
}

/** Level a passed knowledge check can show on its own. */
export const KNOWLEDGE_CHECK_LEVEL = 'developing';

/**
 * A passed check is evidence for the competencies of the questions answered right (once each);
 * a failed check is no evidence. The grade is the share of the check answered right.
 */
export function evidenceForAttempt(quiz: Question[], result: QuizResult): EvidenceDraft[] {
  if (!result.passed) return [];
  const right = new Set(result.results.filter((r) => r.correct).map((r) => r.questionId));
  const competencies = [
    ...new Set(quiz.filter((q) => right.has(q.id)).flatMap((q) => q.competencies)),
  ];
  const grade = Math.round((result.score / result.total) * 10_000) / 10_000;
  return competencies.map((competencyId) => ({
    competencyId,
    level: KNOWLEDGE_CHECK_LEVEL,
    grade,
  }));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
