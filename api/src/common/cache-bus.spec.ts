import { TtlCache } from './cache-bus.js';

describe('TtlCache', () => {
  it('forgets an entry at its end, by the caller’s clock', () => {
    const c = new TtlCache<{ n: number }>(10);
    c.set('a', { n: 1 }, 1_000);
    expect(c.get('a', 999)).toEqual({ n: 1 });
    expect(c.get('a', 1_000)).toBeUndefined();
    // and it is gone, not merely hidden
    expect(c.get('a', 0)).toBeUndefined();
  });

  it('drops the least recently used entry when full, not the oldest written', () => {
    const c = new TtlCache<{ n: number }>(2);
    c.set('a', { n: 1 }, 10_000);
    c.set('b', { n: 2 }, 10_000);
    expect(c.get('a', 0)).toEqual({ n: 1 }); // a is now the most recently used
    c.set('c', { n: 3 }, 10_000);
    expect(c.get('a', 0)).toEqual({ n: 1 });
    expect(c.get('b', 0)).toBeUndefined();
    expect(c.get('c', 0)).toEqual({ n: 3 });
  });

  it('rewriting a key replaces it without evicting another', () => {
    const c = new TtlCache<{ n: number }>(2);
    c.set('a', { n: 1 }, 10_000);
    c.set('b', { n: 2 }, 10_000);
    c.set('b', { n: 3 }, 10_000);
    expect([...c.entries()].map(([k, e]) => [k, e.value.n]).sort()).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });

  it('delete and clear drop entries', () => {
    const c = new TtlCache<{ n: number }>(5);
    c.set('a', { n: 1 }, 10_000);
    c.set('b', { n: 2 }, 10_000);
    c.delete('a');
    expect(c.get('a', 0)).toBeUndefined();
    c.clear();
    expect([...c.entries()]).toEqual([]);
  });
});
