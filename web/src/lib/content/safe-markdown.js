// A remark plugin (used by mdsvex in svelte.config.js) that refuses, at build time, any module body markup that
// could run in the page. mdsvex passes raw HTML straight through and treats `{…}` as Svelte code, so a `<script>`,
// an `onerror=`, an `<iframe>` or a `{expression}` in a course file would otherwise be compiled into the app and
// run on every view (and on the server while rendering). `pnpm courses:check` refuses the same things with
// file:line; this is the second lock, for a build made from content that was never checked.

/** Markdown node kinds a module body may hold (mdast). Anything else, `html` above all, fails the build. */
const ALLOWED = new Set([
  'root',
  'yaml',
  'paragraph',
  'heading',
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'code',
  'list',
  'listItem',
  'blockquote',
  'thematicBreak',
  'break',
  'link',
  'image',
  'linkReference',
  'imageReference',
  'definition',
  'table',
  'tableRow',
  'tableCell',
]);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * Why a link or image target is unsafe, or undefined. Browsers ignore whitespace and control characters
 * inside a scheme, so they are dropped before it is read.
 * @param {string} url
 */
export function unsafeUrl(url) {
  // eslint-disable-next-line no-control-regex -- browsers drop control characters in URLs; so must the check
  const plain = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase();
  return scheme && !SAFE_SCHEMES.has(scheme)
    ? `the scheme "${scheme}:" is not allowed (only relative, http, https, mailto, tel)`
    : undefined;
}

/**
 * The problems of one body's syntax tree, each as `line: message`.
 * @param {any} tree
 * @returns {{ line: number, message: string }[]}
 */
export function unsafeNodes(tree) {
  /** @type {{ line: number, message: string }[]} */
  const problems = [];
  /** @param {any} node */
  const walk = (node) => {
    const line = node.position?.start?.line ?? 1;
    if (!ALLOWED.has(node.type)) {
      problems.push({
        line,
        message:
          node.type === 'html'
            ? `raw HTML is not allowed in a module body: ${String(node.value).slice(0, 60)}`
            : `"${node.type}" is not allowed in a module body`,
      });
    } else if (node.type === 'text' && /[{}]/.test(node.value)) {
      problems.push({
        line,
        message: 'curly braces are Svelte code when compiled: put them in `code` or leave them out',
      });
    } else if (
      (node.type === 'link' || node.type === 'image' || node.type === 'definition') &&
      unsafeUrl(String(node.url ?? ''))
    ) {
      problems.push({ line, message: `link "${node.url}": ${unsafeUrl(String(node.url))}` });
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
  return problems;
}

/** The plugin: throws (failing the build) with every problem as `file:line: message`. */
export function remarkSafeMarkdown() {
  /** @param {any} tree @param {any} file */
  return (tree, file) => {
    const problems = unsafeNodes(tree);
    if (!problems.length) return;
    const name = file?.filename ?? file?.path ?? 'module';
    throw new Error(
      `Unsafe course content (run pnpm courses:check):\n${problems.map((p) => `${name}:${p.line}: ${p.message}`).join('\n')}`,
    );
  };
}
