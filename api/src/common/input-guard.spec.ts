import { findBadInput, MAX_DEPTH } from './input-guard.js';

describe('findBadInput', () => {
  it('passes ordinary JSON, including emoji and right-to-left text', () => {
    expect(
      findBadInput({ email: 'a@example.org', name: 'Zoë 🙂 שלום', list: [1, { deep: ['x'] }] }),
    ).toBeUndefined();
  });

  it('names the field holding a NUL character, in values and in keys', () => {
    expect(findBadInput({ user: { name: 'a\u0000b' } })?.field).toBe('user.name');
    expect(findBadInput({ list: ['ok', 'nul\u0000'] })?.field).toBe('list[1]');
    expect(findBadInput({ ['k\u0000']: 1 })?.messages[0]).toMatch(/NUL/);
  });

  it('finds lone surrogates but not surrogate pairs', () => {
    expect(findBadInput({ email: 'lone\uD800x' })?.field).toBe('email');
    expect(findBadInput({ email: 'x\uDC00' })?.field).toBe('email');
    expect(findBadInput({ email: '\uD83D\uDE42' })).toBeUndefined();
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(findBadInput(deep)?.messages[0]).toMatch(/nested too deeply/);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_DEPTH - 1; i++) ok = [ok];
    expect(findBadInput(ok)).toBeUndefined();
  });

  it('checks the query string under its own name', () => {
    expect(findBadInput({ lang: '\u0000' }, 'query')?.field).toBe('query.lang');
  });
});
