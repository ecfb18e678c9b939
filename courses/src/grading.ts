import type { Module, PublicQuestion, Question } from './types.js';

/** Bad input to grading (not bad content): the API maps it to a 400 naming `field`. */
export class GradingInputError extends Error {
  override readonly name = 'GradingInputError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QuestionResult {
  questionId: string;
  /** null when the question was left unanswered (it counts as wrong) */
  chosen: string | null;
  correct: boolean;
  /** the right choice's id */
  answer: string;
  /** the explanation of the chosen choice; null when unanswered */
  explain: string | null;
  /** every choice's explanation, shown once the quiz is graded */
  explanations: Record<string, string>;
}

export interface QuizResult {
  score: number;
  total: number;
  passed: boolean;
  results: QuestionResult[];
}

/** A question as the browser may see it before grading: no answer, no explanations. */
export function publicQuestion(q: Question): PublicQuestion {
  const choices = q.choices.map(({ id, text }) => ({ id, text }));
  return { id: q.id, prompt: q.prompt, competencies: [...q.competencies], choices };
}

/**
 * Grades a knowledge check. `answers` maps question id → choice id; an unanswered question counts as
 * wrong. Grading is pure, so a retake is simply another call with the new answers.
 */
export function gradeQuiz(
  module: Pick<Module, 'quiz'>,
  answers: Record<string, string>,
  passMark: number,
): QuizResult {
  checkInput(module.quiz, answers, passMark);
  const results = module.quiz.map((q) => gradeQuestion(q, answers[q.id]));
  const score = results.filter((r) => r.correct).length;
  const total = results.length;
  return { score, total, passed: total > 0 && score >= requiredScore(passMark, total), results };
}

/** Whole questions needed; the epsilon keeps 0.7 × 10 from needing 8 through float error. */
export function requiredScore(passMark: number, total: number): number {
  return Math.ceil(passMark * total - 1e-9);
}

function gradeQuestion(q: Question, chosen: string | undefined): QuestionResult {
  const explanations = Object.fromEntries(q.choices.map((c) => [c.id, c.explain]));
  const explain = chosen === undefined ? null : (explanations[chosen] ?? null);
  const correct = chosen === q.answer;
  return {
    questionId: q.id,
    chosen: chosen ?? null,
    correct,
    answer: q.answer,
    explain,
    explanations,
  };
}

function checkInput(quiz: Question[], answers: Record<string, string>, passMark: number): void {
  if (typeof passMark !== 'number' || !(passMark >= 0 && passMark <= 1)) {
    throw new GradingInputError(
      'passMark',
      `passMark must be a number from 0 to 1 (got ${String(passMark)})`,
    );
  }
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new GradingInputError('answers', 'answers must be an object of question id → choice id');
  }
  for (const [questionId, choiceId] of Object.entries(answers))
    checkAnswer(quiz, questionId, choiceId);
}

function checkAnswer(quiz: Question[], questionId: string, choiceId: unknown): void {
  const q = quiz.find((x) => x.id === questionId);
  const field = `answers.${questionId}`;
  if (!q) throw new GradingInputError(field, `unknown question "${questionId}"`);
  if (typeof choiceId !== 'string') {
    throw new GradingInputError(field, `the answer to "${questionId}" must be a choice id`);
  }
  if (!q.choices.some((c) => c.id === choiceId)) {
    throw new GradingInputError(field, `unknown choice "${choiceId}" for question "${questionId}"`);
  }
}
