import type { Question } from '@kindred/courses';
import { arrange, drawOrder } from './quiz-order.js';

const q = (id: string, choices = ['a', 'b', 'c']): Question => ({
  id,
  prompt: `prompt ${id}`,
  competencies: [],
  answer: choices[0],
  choices: choices.map((c) => ({ id: c, text: `${id}${c}`, explain: `why ${id}${c}` })),
});
const quiz = [q('q1'), q('q2'), q('q3'), q('q4')];
const ids = (order: { id: string }[]) => order.map((o) => o.id);

describe('drawing a knowledge check', () => {
  it('draws every question and every choice exactly once', () => {
    const order = drawOrder(quiz, null);
    expect([...ids(order)].sort()).toEqual(['q1', 'q2', 'q3', 'q4']);
    for (const o of order) expect([...o.choices].sort()).toEqual(['a', 'b', 'c']);
  });

  it('never repeats the previous attempt’s question order, even with a source that always draws it', () => {
    const previous = quiz.map((x) => ({ id: x.id, choices: ['a', 'b', 'c'] }));
    // a "random" source that never moves anything: the shuffle alone would give the same order
    const stuck = (n: number) => n - 1;
    const order = drawOrder(quiz, previous, stuck);
    expect(ids(order)).not.toEqual(ids(previous));
    expect([...ids(order)].sort()).toEqual(ids(previous));
  });

  it('keeps a one-question check as it is', () => {
    const one = [q('only')];
    expect(ids(drawOrder(one, [{ id: 'only', choices: ['a', 'b', 'c'] }]))).toEqual(['only']);
  });

  it('arranges the quiz as drawn, questions and choices; without an order, as authored', () => {
    const order = [
      { id: 'q3', choices: ['c', 'a', 'b'] },
      { id: 'q1', choices: ['b', 'c', 'a'] },
      { id: 'q4', choices: ['a', 'b', 'c'] },
      { id: 'q2', choices: ['c', 'b', 'a'] },
    ];
    const shown = arrange(quiz, order);
    expect(shown.map((x) => x.id)).toEqual(['q3', 'q1', 'q4', 'q2']);
    expect(shown[0].choices.map((c) => c.id)).toEqual(['c', 'a', 'b']);
    // the grading facts travel with the question, whatever the order
    expect(shown[1].answer).toBe('a');
    expect(arrange(quiz, null).map((x) => x.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
  });
});
