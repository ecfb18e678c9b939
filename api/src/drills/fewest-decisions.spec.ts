import type { Drill } from '@kindred/courses';
import { fewestDecisions } from './drills.service.js';

const node = (id: string, targets: string[], end = false) => ({
  id,
  text: id,
  end,
  choices: targets.map((target, index) => ({ index, text: target, score: 1, target })),
});

describe('the honest range of a drill’s decisions', () => {
  it('counts the shortest way from the start to an ending', () => {
    const nodes = {
      start: node('start', ['long', 'END:quick']),
      long: node('long', ['longer']),
      longer: node('longer', ['END:slow']),
      'END:quick': node('END:quick', [], true),
      'END:slow': node('END:slow', [], true),
    };
    expect(fewestDecisions({ start: 'start', nodes } as unknown as Drill)).toBe(1);
  });

  it('follows loops without hanging', () => {
    const nodes = {
      start: node('start', ['a']),
      a: node('a', ['start', 'b']),
      b: node('b', ['END:x']),
      'END:x': node('END:x', [], true),
    };
    expect(fewestDecisions({ start: 'start', nodes } as unknown as Drill)).toBe(3);
  });
});
