import { inParallel } from './in-parallel.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inParallel', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await inParallel([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      most = Math.max(most, ++running);
      await tick(ms);
      running--;
      return ms * 2;
    });
    expect(out).toEqual([60, 10, 40, 2, 20, 4]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, lets the running ones finish, and throws the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = inParallel([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick(n === 2 ? 1 : 15);
      if (n === 2) throw new Error('two failed');
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('two failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([1]);
  });

  it('runs one at a time with a limit below one, and answers an empty list', async () => {
    let running = 0;
    await inParallel([1, 2, 3], 0, async () => {
      expect(++running).toBe(1);
      await tick(1);
      running--;
    });
    expect(await inParallel([], 4, async () => 1)).toEqual([]);
  });
});
