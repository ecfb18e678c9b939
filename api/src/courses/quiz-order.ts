import { randomInt } from 'node:crypto';
import type { Question } from '@kindred/courses';
import type { ItemOrder } from './courses.repository.js';

const shuffled = <T>(items: readonly T[], random: (n: number) => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

const sequence = (order: ItemOrder) => order.map((q) => q.id).join('\n');

/**
 * Draws a knowledge check: the questions in a random order, each with its choices shuffled. A retake
 * never repeats the previous attempt's question order when there is another one to draw.
 */
export function drawOrder(
  quiz: readonly Question[],
  previous: ItemOrder | null,
  random: (n: number) => number = randomInt,
): ItemOrder {
  const draw = (): ItemOrder =>
    shuffled(quiz, random).map((q) => ({
      id: q.id,
      choices: shuffled(
        q.choices.map((c) => c.id),
        random,
      ),
    }));
  let order = draw();
  if (previous && quiz.length > 1) {
    for (let tries = 0; sequence(order) === sequence(previous) && tries < 50; tries++)
      order = draw();
    // Astronomically unlikely with a fair source; a rotation still guarantees another order.
    if (sequence(order) === sequence(previous)) order = [...order.slice(1), order[0]];
  }
  return order;
}

/** The quiz's questions and choices arranged as drawn; items the order does not know come last, as authored. */
export function arrange(quiz: readonly Question[], order: ItemOrder | null): Question[] {
  if (!order) return [...quiz];
  const pos = new Map(order.map((o, i) => [o.id, i]));
  const byId = new Map(order.map((o) => [o.id, o.choices]));
  const rank = (m: Map<string, number>, id: string) => m.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...quiz]
    .sort((a, b) => rank(pos, a.id) - rank(pos, b.id))
    .map((q) => {
      const choices = new Map((byId.get(q.id) ?? []).map((c, i) => [c, i]));
      return {
        ...q,
        choices: [...q.choices].sort((a, b) => rank(choices, a.id) - rank(choices, b.id)),
      };
    });
}
