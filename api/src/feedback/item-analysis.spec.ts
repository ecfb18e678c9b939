import { analyseItems, type AnalysedQuestion } from './item-analysis.js';

const q = (id: string): AnalysedQuestion => ({
  id,
  prompt: id,
  answer: 'a',
  choices: [
    { id: 'a', text: 'right' },
    { id: 'b', text: 'wrong' },
  ],
});

describe('analyseItems', () => {
  it('gives a perfect item r = 1 when it alone splits the rest scores', () => {
    // x: 1,1,0,0; other item: 1,1,0,0 → rest scores 1,1,0,0: M1 = 1, M0 = 0, s = 0.5, √(p q) = 0.5 → r = 1
    const answers = [
      { x: 'a', y: 'a' },
      { x: 'a', y: 'a' },
      { x: 'b', y: 'b' },
      { x: 'b', y: 'b' },
    ];
    const [x] = analyseItems([q('x'), q('y')], answers);
    expect(x.facility).toBe(0.5);
    expect(x.discrimination).toBeCloseTo(1, 10);
    expect(x.wrongChoices).toEqual([{ choiceId: 'b', text: 'wrong', count: 2 }]);
    expect(x.flags).toEqual([]);
  });

  it('has no discrimination when the rest scores are all the same', () => {
    const answers = [
      { x: 'a', y: 'a' },
      { x: 'b', y: 'a' },
    ];
    const [x, y] = analyseItems([q('x'), q('y')], answers);
    expect(x.discrimination).toBeNull();
    expect(y).toMatchObject({ facility: 1, discrimination: null, flags: ['too_easy'] });
  });

  it('flags an item nobody gets right as too hard', () => {
    const [x] = analyseItems([q('x')], [{ x: 'b' }, { x: 'b' }]);
    expect(x).toMatchObject({ facility: 0, discrimination: null, flags: ['too_hard'] });
  });
});
