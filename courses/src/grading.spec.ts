import { gradeQuiz, GradingInputError, publicQuestion } from './grading.js';
import type { Question } from './types.js';

function question(id: string, answer = 'a'): Question {
  return {
    id,
    prompt: `Question ${id}?`,
    competencies: ['PEER.1'],
    answer,
    choices: ['a', 'b', 'c'].map((c) => ({ id: c, text: `Choice ${c}`, explain: `Why ${c}` })),
  };
}

const module = { quiz: [question('q1'), question('q2', 'b'), question('q3', 'c'), question('q4')] };
const allRight = { q1: 'a', q2: 'b', q3: 'c', q4: 'a' };

function gradingError(fn: () => unknown): GradingInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GradingInputError) return e;
    throw e;
  }
  throw new Error('expected a GradingInputError');
}

describe('gradeQuiz', () => {
  it('passes at the pass mark and explains each answer', () => {
    const result = gradeQuiz(module, { ...allRight, q4: 'b' }, 0.75);
    expect(result).toMatchObject({ score: 3, total: 4, passed: true });
    expect(result.results[3]).toEqual({
      questionId: 'q4',
      chosen: 'b',
      correct: false,
      answer: 'a',
      explain: 'Why b',
      explanations: { a: 'Why a', b: 'Why b', c: 'Why c' },
    });
  });

  it('fails below the pass mark, counting unanswered questions as wrong', () => {
    const result = gradeQuiz(module, { q1: 'a', q2: 'b' }, 0.75);
    expect(result).toMatchObject({ score: 2, total: 4, passed: false });
    expect(result.results[2]).toMatchObject({
      questionId: 'q3',
      chosen: null,
      correct: false,
      explain: null,
    });
  });

  it('grades a retake on its own answers only', () => {
    expect(gradeQuiz(module, { q1: 'b', q2: 'a', q3: 'a', q4: 'b' }, 0.75).passed).toBe(false);
    expect(gradeQuiz(module, allRight, 0.75)).toMatchObject({ score: 4, passed: true });
  });

  it('needs whole questions: 0.75 of 6 is 5', () => {
    const six = { quiz: [...module.quiz, question('q5'), question('q6')] };
    const fourRight = { q1: 'a', q2: 'b', q3: 'c', q4: 'a' };
    expect(gradeQuiz(six, fourRight, 0.75).passed).toBe(false);
    expect(gradeQuiz(six, { ...fourRight, q5: 'a' }, 0.75).passed).toBe(true);
  });

  it('rejects an unknown question id, naming the field', () => {
    const error = gradingError(() => gradeQuiz(module, { q9: 'a' }, 0.75));
    expect(error).toMatchObject({ field: 'answers.q9', name: 'GradingInputError' });
    expect(error.message).toBe('unknown question "q9"');
  });

  it('rejects an unknown choice id, naming the field', () => {
    const error = gradingError(() => gradeQuiz(module, { q1: 'z' }, 0.75));
    expect(error).toMatchObject({
      field: 'answers.q1',
      message: 'unknown choice "z" for question "q1"',
    });
  });

  it('rejects a pass mark outside 0–1 and answers that are not an object', () => {
    expect(gradingError(() => gradeQuiz(module, allRight, 75)).field).toBe('passMark');
    const notAnObject = null as unknown as Record<string, string>;
    expect(gradingError(() => gradeQuiz(module, notAnObject, 0.75)).field).toBe('answers');
  });
});

describe('publicQuestion', () => {
  it('leaves out the answer and every explanation', () => {
    const shown = publicQuestion(question('q1'));
    expect(shown).toEqual({
      id: 'q1',
      prompt: 'Question q1?',
      competencies: ['PEER.1'],
      choices: [
        { id: 'a', text: 'Choice a' },
        { id: 'b', text: 'Choice b' },
        { id: 'c', text: 'Choice c' },
      ],
    });
    expect(JSON.stringify(shown)).not.toMatch(/answer|explain|Why/);
  });
});
