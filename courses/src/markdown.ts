/** Words a reader reads: tokens with a letter or digit, so Markdown marks (`##`, `*`, `-`) do not count. */
export function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export interface MarkdownLink {
  target: string;
  line: number;
}

const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const FENCE = /^\s*(```|~~~)/;

/** Link targets with their file lines, outside fenced code. Only `](target)` is matched: text may wrap. */
export function markdownLinks(body: string, bodyLine: number): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let inFence = false;
  body.split(/\r?\n/).forEach((text, i) => {
    if (FENCE.test(text)) inFence = !inFence;
    if (inFence) return;
    for (const match of text.matchAll(LINK)) links.push({ target: match[1] ?? '', line: bodyLine + i });
  });
  return links;
}

/** Links that leave the content (web, mail, phone) or stay on the page are not checked. */
export function isRelativeLink(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('/');
}
