import { funnel, lastMonths, quantile, shownCount } from './evaluation.js';

describe('program evaluation arithmetic', () => {
  it('quantile interpolates between the nearest ranks, as percentile_cont', () => {
    // position p × (n − 1): 0.5 × 3 = 1.5 → 2 + 0.5 × (3 − 2); 0.9 × 3 = 2.7 → 3 + 0.7 × (10 − 3)
    expect(quantile([10, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 3, 2], 0.9)).toBeCloseTo(7.9, 10);
    expect(quantile([4], 0.9)).toBe(4);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('withholds 1 to threshold − 1 people and shows none', () => {
    expect([0, 1, 4, 5, 6].map((n) => shownCount(n, 5))).toEqual([0, null, null, 5, 6]);
  });

  it('counts a step only once every earlier one is reached', () => {
    const d = (day: number) => new Date(Date.UTC(2026, 0, day));
    // five people through every step; the last passed a drill without finishing the course, so stops
    // after the first module (steps: invited, signed in, enrolled, first module, course done, drill, …)
    const full = [1, 2, 2, 4, 10, 11, 12, 13, 14, 20].map(d);
    const people: (Date | null)[][] = [1, 2, 3, 4].map(() => [...full]);
    people.push([d(1), d(2), d(2), d(4), null, d(11), d(12), d(13), d(14), d(20)]);
    const f = funnel(people, 2);
    expect(f.map((s) => s.reached)).toEqual([5, 5, 5, 5, 4, 4, 4, 4, 4, 4]);
    expect(f[3]).toMatchObject({ medianDays: 2, stoppedHere: null });
    expect(f[4]).toMatchObject({ medianDays: 6, stoppedHere: 0 });
  });

  it('names the months ending with the current one', () => {
    expect(lastMonths(new Date('2026-02-15T12:00:00Z'), 3)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
