import type { Drill, Framework } from '@kindred/courses';
import { DomainError } from '../common/errors.js';
import {
  capLevel,
  choose,
  competencyScores,
  drillLevel,
  flagsOf,
  levelGrade,
  nodeView,
  totalScore,
  type PathStep,
} from './drill-walk.js';

const c = (
  index: number,
  score: number,
  target: string,
  extra: { comp?: string; flag?: string } = {},
) => ({
  index,
  text: `choice ${index}`,
  score,
  feedback: `fb ${index}`,
  target,
  line: 1,
  ...extra,
});
const drill: Drill = {
  id: 'd',
  courseSlug: 'x',
  title: 'T',
  setting: 'S',
  competencies: ['A.1', 'B.1'],
  minutes: 10,
  pass: 4,
  strongPath: 'sp',
  reflection: 'r',
  start: 'start',
  file: 'f',
  hash: 'h',
  decisionCount: 2,
  maxScore: 5,
  translations: {},
  nodes: {
    start: {
      id: 'start',
      text: 'Situation',
      line: 1,
      choices: [
        c(0, -2, 'mid', { comp: 'A.1', flag: 'dismissive' }),
        c(1, 3, 'mid', { comp: 'A.1' }),
      ],
    },
    mid: {
      id: 'mid',
      text: 'Middle',
      line: 2,
      choices: [c(0, 2, 'END:good', { comp: 'B.1' }), c(1, 0, 'END:bad')],
    },
    'END:good': {
      id: 'END:good',
      text: 'Good',
      line: 3,
      end: { outcome: 'resolved', review: false },
      choices: [],
    },
    'END:bad': {
      id: 'END:bad',
      text: 'Bad',
      line: 4,
      end: { outcome: 'unsafe', review: true },
      choices: [],
    },
  },
};
const framework = {
  scale: [{ id: 'not-yet' }, { id: 'developing' }, { id: 'proficient' }, { id: 'exemplary' }],
  rules: { drill: 'developing', observation: 'exemplary' },
} as unknown as Framework;

describe('walking a drill graph', () => {
  it('shows a node without scores, feedback, flags or targets', () => {
    const view = nodeView(drill.nodes.start);
    expect(view).toEqual({
      id: 'start',
      text: 'Situation',
      choices: [
        { index: 0, text: 'choice 0' },
        { index: 1, text: 'choice 1' },
      ],
    });
    expect(JSON.stringify(view)).not.toMatch(/score|feedback|flag|target|mid/);
  });

  it('takes a choice: the snapshot step and the next node', () => {
    const { step, next } = choose(drill, 'start', 0);
    expect(step).toMatchObject({
      node: 'start',
      choice: 0,
      score: -2,
      feedback: 'fb 0',
      comp: 'A.1',
      flag: 'dismissive',
      best: 3,
      target: 'mid',
    });
    expect(next.id).toBe('mid');
  });

  it.each([[-1], [2], [1.5], [Number.NaN]])('refuses choice %p, naming the field', (index) => {
    try {
      choose(drill, 'start', index);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details?.[0]?.field).toBe('choice');
    }
  });

  it('refuses a choice at an ending', () => {
    expect(() => choose(drill, 'END:good', 0)).toThrow(/finished/);
  });
});

describe('scoring a path', () => {
  const path: PathStep[] = [choose(drill, 'start', 0).step, choose(drill, 'mid', 0).step];

  it('totals the score and collects the flags', () => {
    expect(totalScore(path)).toBe(0);
    expect(flagsOf(path)).toEqual(['dismissive']);
  });

  it('scores each competency against the best choice at the same nodes, never below 0 or above 1', () => {
    expect(competencyScores(path)).toEqual([
      { competencyId: 'A.1', earned: -2, possible: 3, share: 0 },
      { competencyId: 'B.1', earned: 2, possible: 2, share: 1 },
    ]);
    const strong = [choose(drill, 'start', 1).step];
    expect(competencyScores(strong)[0]).toMatchObject({ earned: 3, possible: 3, share: 1 });
  });

  it('caps the level a drill can show at the framework rule for drills', () => {
    expect(drillLevel(framework, true)).toBe('developing');
    expect(drillLevel(framework, false)).toBe('not-yet');
    expect(capLevel(framework, 'exemplary', 'developing')).toBe('developing');
    expect(capLevel(framework, 'not-yet', 'developing')).toBe('not-yet');
    expect(levelGrade(framework, 'developing')).toBeCloseTo(1 / 3);
  });
});
