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
    for (const match of text.matchAll(LINK))
      links.push({ target: match[1] ?? '', line: bodyLine + i });
  });
  return links;
}

/** Links that leave the content (web, mail, phone) or stay on the page are not checked. */
export function isRelativeLink(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('/');
}

export interface MarkupProblem {
  line: number;
  message: string;
}

/** Link schemes a module may use; anything else (javascript:, data:, vbscript:, file:…) could run or smuggle code. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const TAG = /<(?!(?:https?|mailto):[^>\s]*>)[A-Za-z!?/]/;
const DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)/;
const CODE_SPAN = /(`+)[\s\S]*?\1/g;
/** Looser than LINK: a target counts even when the rest of the link is malformed. */
const ANY_TARGET = /\]\(\s*<?([^\s>)]+)/g;

/**
 * Module bodies are compiled into the web app by mdsvex, which passes raw HTML through and treats `{…}` as
 * Svelte code: a `<script>`, an `onerror=` or a `{expression}` in a body would run on every page view (and on
 * the server while rendering). So a body is Markdown only: no HTML tags, no curly braces outside code, and
 * link and image targets are relative or http(s)/mailto/tel. Code (fenced or `inline`) may show anything.
 */
export function unsafeMarkup(body: string, bodyLine: number): MarkupProblem[] {
  const problems: MarkupProblem[] = [];
  let inFence = false;
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = bodyLine + i;
    if (FENCE.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const text = raw.replace(CODE_SPAN, '');
    if (TAG.test(text))
      problems.push({
        line,
        message:
          'raw HTML is not allowed in a module body (it would be compiled into the page): write Markdown',
      });
    if (/[{}]/.test(text))
      problems.push({
        line,
        message:
          'curly braces are page code when a module body is compiled: put them in `code` or leave them out',
      });
    const targets = [...text.matchAll(ANY_TARGET)].map((m) => m[1] ?? '');
    const definition = DEFINITION.exec(text)?.[1];
    if (definition) targets.push(definition);
    for (const target of targets) {
      const problem = unsafeTarget(target);
      if (problem) problems.push({ line, message: `link "${target}" ${problem}` });
    }
  });
  return problems;
}

function unsafeTarget(target: string): string | undefined {
  if (target.includes('&')) return 'may not use character references (&…;) in its target';
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"); Markdown drops backslash escapes.
  // eslint-disable-next-line no-control-regex -- browsers drop control characters in URLs; so must the check
  const plain = target.replace(/[\u0000-\u0020\u007f\\]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase();
  if (scheme && !SAFE_SCHEMES.has(scheme))
    return `uses the scheme "${scheme}:"; only relative links and http, https, mailto and tel are allowed`;
  return undefined;
}
