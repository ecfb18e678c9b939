import type { Reader } from './reader.js';
import type { Choice, Question } from './types.js';
import type { Path } from './yaml-source.js';

export const QUIZ_SIZE = { min: 4, max: 8 };
export const CHOICE_COUNT = { min: 3, max: 4 };

/** The knowledge check of a module; questions without competencies inherit the module's. */
export function readQuiz(r: Reader, moduleCompetencies: string[]): Question[] {
  const items = r.list(['quiz']);
  if (
    Array.isArray(r.get(['quiz'])) &&
    (items.length < QUIZ_SIZE.min || items.length > QUIZ_SIZE.max)
  ) {
    r.report(
      ['quiz'],
      `a quiz needs ${QUIZ_SIZE.min}–${QUIZ_SIZE.max} questions (has ${items.length})`,
    );
  }
  r.uniqueIds(['quiz'], 'question');
  return items.map((_, i) => readQuestion(r, ['quiz', i], moduleCompetencies));
}

function readQuestion(r: Reader, at: Path, moduleCompetencies: string[]): Question {
  r.onlyKeys(at, ['id', 'prompt', 'competencies', 'answer', 'choices']);
  const choices = readChoices(r, [...at, 'choices']);
  const answer = r.string([...at, 'answer']);
  if (answer && choices.length && !choices.some((c) => c.id === answer)) {
    const ids = choices.map((c) => c.id).join(', ');
    r.report([...at, 'answer'], `answer "${answer}" is not one of the choice ids (${ids})`);
  }
  return {
    id: r.string([...at, 'id']),
    prompt: r.string([...at, 'prompt']),
    competencies: r.optCompetencies([...at, 'competencies']) ?? moduleCompetencies,
    answer,
    choices,
  };
}

function readChoices(r: Reader, at: Path): Choice[] {
  const items = r.list(at);
  if (
    Array.isArray(r.get(at)) &&
    (items.length < CHOICE_COUNT.min || items.length > CHOICE_COUNT.max)
  ) {
    r.report(
      at,
      `a question needs ${CHOICE_COUNT.min}–${CHOICE_COUNT.max} choices (has ${items.length})`,
    );
  }
  r.uniqueIds(at, 'choice');
  return items.map((_, i) => readChoice(r, [...at, i]));
}

function readChoice(r: Reader, at: Path): Choice {
  r.onlyKeys(at, ['id', 'text', 'explain']);
  return {
    id: r.string([...at, 'id']),
    text: r.string([...at, 'text']),
    explain: r.string([...at, 'explain']),
  };
}
