import { risenAfterEdit, type Counts } from './feedback-flags.js';

const c = (clear: number, too_hard: number, upsetting: number, not_useful = 0): Counts => ({
  clear,
  too_hard,
  upsetting,
  not_useful,
});

describe('risenAfterEdit', () => {
  it('flags a watched answer whose share rose from the previous version to the latest', () => {
    // upsetting 1/5 = 0.2 → 3/6 = 0.5; too hard 1/5 = 0.2 → 1/6 ≈ 0.17
    expect(risenAfterEdit([c(3, 1, 1), c(2, 1, 3)])).toEqual(['upsetting']);
    expect(risenAfterEdit([c(4, 1, 0), c(2, 3, 0)])).toEqual(['too_hard']);
  });

  it('compares the last two versions only', () => {
    expect(risenAfterEdit([c(0, 5, 5), c(5, 0, 0), c(4, 1, 0)])).toEqual(['too_hard']);
  });

  it('does not flag an equal or lower share', () => {
    expect(risenAfterEdit([c(3, 1, 1), c(3, 1, 1)])).toEqual([]);
    expect(risenAfterEdit([c(1, 2, 2), c(5, 0, 0)])).toEqual([]);
  });

  it('needs enough answers in both versions, and two versions', () => {
    expect(risenAfterEdit([c(4, 0, 0), c(0, 0, 5)])).toEqual([]);
    expect(risenAfterEdit([c(5, 0, 0), c(0, 0, 4)])).toEqual([]);
    expect(risenAfterEdit([c(0, 0, 9)])).toEqual([]);
  });
});
