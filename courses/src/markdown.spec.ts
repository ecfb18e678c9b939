import { isRelativeLink, markdownLinks, wordCount } from './markdown.js';

describe('wordCount', () => {
  it('counts words, not Markdown marks', () => {
    expect(wordCount('## A heading\n\n* one item — and **bold** text\n')).toBe(7);
  });
});

describe('markdownLinks', () => {
  it('finds link targets with their file lines, skipping fenced code', () => {
    const body = 'See [a](./a.md) and\n[b\nwraps](../c/b.md#x "title")\n```\n[c](./c.md)\n```\n';
    expect(markdownLinks(body, 10)).toEqual([
      { target: './a.md', line: 10 },
      { target: '../c/b.md#x', line: 12 },
    ]);
  });

  it('checks only links that stay inside the content', () => {
    expect(['./a.md', '../b/c.md', 'd.md'].every(isRelativeLink)).toBe(true);
    expect(
      ['https://988lifeline.org', 'mailto:a@b.c', 'tel:988', '#top', '/about'].some(isRelativeLink),
    ).toBe(false);
  });
});
