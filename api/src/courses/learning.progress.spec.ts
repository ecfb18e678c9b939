import type { Course, Module, Question, QuizResult } from '@kindred/courses';
import {
  courseProgress,
  evidenceForAttempt,
  nextStatus,
  overallProgress,
  percent,
  type ProgressRecord,
} from './learning.progress.js';

const mod = (id: string, minutes: number): Module => ({
  id,
  minutes,
  slug: id,
  courseSlug: 'c',
  title: id,
  objectives: [],
  competencies: [],
  reflection: '',
  quiz: [],
  body: '',
  bodyLine: 1,
  hash: id,
  file: id,
  wordCount: 0,
});
const course = (slug: string, modules: Module[]): Course => ({
  slug,
  modules,
  title: slug,
  summary: '',
  lang: 'en',
  category: 'elective',
  competencies: [],
  passMark: 0.75,
  welcome: '',
  file: '',
  translations: {},
});
const rec = (
  moduleId: string,
  status: 'started' | 'completed',
  at: number,
): [string, ProgressRecord] => [
  moduleId,
  { moduleId, status, position: null, updatedAt: new Date(at) },
];

describe('course progress', () => {
  const c = course('c', [mod('m1', 20), mod('m2', 30), mod('m3', 15)]);

  it('counts completed modules, whole percent and minutes left', () => {
    const p = courseProgress(c, new Map([rec('m1', 'completed', 1), rec('m2', 'started', 2)]));
    expect(p).toMatchObject({
      moduleCount: 3,
      completedModules: 1,
      percent: 33,
      minutes: 65,
      minutesLeft: 45,
      nextModuleId: 'm2',
    });
  });

  it('points at the first module not done when nothing is started', () => {
    expect(courseProgress(c, new Map([rec('m1', 'completed', 1)])).nextModuleId).toBe('m2');
    expect(courseProgress(c, new Map()).nextModuleId).toBe('m1');
  });

  it('points at the most recently touched started module', () => {
    expect(
      courseProgress(c, new Map([rec('m1', 'started', 5), rec('m3', 'started', 9)])).nextModuleId,
    ).toBe('m3');
  });

  it('has nothing next and no minutes left when all are done', () => {
    const all = new Map([
      rec('m1', 'completed', 1),
      rec('m2', 'completed', 1),
      rec('m3', 'completed', 1),
    ]);
    expect(courseProgress(c, all)).toMatchObject({
      percent: 100,
      minutesLeft: 0,
      nextModuleId: null,
    });
  });

  it('never divides by zero', () => expect(percent(0, 0)).toBe(0));
});

describe('overall progress', () => {
  const a = course('a', [mod('a1', 20), mod('a2', 20)]);
  const b = course('b', [mod('b1', 30)]);

  it('sums enrolled courses and prefers resuming a started module over starting a new one', () => {
    const o = overallProgress(
      [a, b],
      new Map([rec('a1', 'completed', 1), rec('b1', 'started', 2)]),
    );
    expect(o).toMatchObject({
      totalModules: 3,
      completedModules: 1,
      percent: 33,
      minutesLeft: 50,
      next: { courseSlug: 'b', moduleId: 'b1' },
    });
  });

  it('takes the first unfinished course when nothing is started', () => {
    const o = overallProgress(
      [a, b],
      new Map([rec('a1', 'completed', 1), rec('a2', 'completed', 1)]),
    );
    expect(o.next).toEqual({ courseSlug: 'b', moduleId: 'b1' });
  });

  it('has no next step with no enrollment', () =>
    expect(overallProgress([], new Map())).toMatchObject({
      totalModules: 0,
      percent: 0,
      next: null,
    }));
});

describe('status after a save', () => {
  it('never goes back from completed', () => {
    expect(nextStatus('completed', 'started')).toBe('completed');
    expect(nextStatus(undefined, undefined)).toBe('started');
    expect(nextStatus('started', 'completed')).toBe('completed');
  });
});

describe('evidence from a knowledge check', () => {
  const q = (id: string, competencies: string[]): Question => ({
    id,
    prompt: id,
    competencies,
    answer: 'a',
    choices: [],
  });
  const quiz = [
    q('q1', ['PEER.1']),
    q('q2', ['PEER.1', 'PEER.3']),
    q('q3', ['DEESC.5']),
    q('q4', ['TIC.1']),
  ];
  const result = (right: string[], passed: boolean): QuizResult => ({
    score: right.length,
    total: 4,
    passed,
    results: quiz.map((x) => ({
      questionId: x.id,
      chosen: 'a',
      correct: right.includes(x.id),
      answer: 'a',
      explain: null,
      explanations: {},
    })),
  });

  it('writes one row per competency of the questions answered right, at developing, with the grade', () => {
    const drafts = evidenceForAttempt(quiz, result(['q1', 'q2', 'q3'], true));
    expect(drafts).toEqual([
      { competencyId: 'PEER.1', level: 'developing', grade: 0.75 },
      { competencyId: 'PEER.3', level: 'developing', grade: 0.75 },
      { competencyId: 'DEESC.5', level: 'developing', grade: 0.75 },
    ]);
  });

  it('writes nothing for a failed check', () =>
    expect(evidenceForAttempt(quiz, result(['q1'], false))).toEqual([]));
});
