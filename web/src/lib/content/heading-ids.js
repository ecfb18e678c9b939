// A tiny rehype plugin (used by mdsvex in svelte.config.js): gives every h2–h4 an id from its text, so a
// reader's place can be saved as a heading id and resumed with a plain #fragment, even without JavaScript.

/**
 * `What peers do not do` → `what-peers-do-not-do`; accents dropped so ids stay ASCII.
 * @param {string} text
 * @returns {string}
 */
export function headingId(text) {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'section'
  );
}

/** @param {any} node @returns {string} */
const textOf = (node) =>
  node.type === 'text' ? node.value : (node.children ?? []).map(textOf).join('');

export function rehypeHeadingIds() {
  /** @param {any} tree */
  return (tree) => {
    const seen = new Map();
    /** @param {any} node */
    const walk = (node) => {
      if (node.type === 'element' && /^h[2-4]$/.test(node.tagName)) {
        const base = headingId(textOf(node));
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        node.properties = { ...node.properties, id: n ? `${base}-${n + 1}` : base };
      }
      if (
        node.type === 'element' &&
        node.tagName === 'a' &&
        typeof node.properties?.href === 'string'
      ) {
        node.properties.href = moduleLink(node.properties.href);
      }
      (node.children ?? []).forEach(walk);
    };
    walk(tree);
  };
}

/**
 * Links between modules are written as files (`./02-safety-first.md#frag`, `../other-course/01-x.md`);
 * in the app they go through /learn/files/<file>, which finds the module and redirects to its page.
 * @param {string} href
 * @returns {string}
 */
export function moduleLink(href) {
  const m = /^(?:\.\.?\/)*(?:([a-z0-9-]+)\/)?(\d\d-[a-z0-9-]+)\.md(#[\w-]+)?$/.exec(href);
  if (!m) return href;
  return `/learn/files/${m[2]}${m[1] ? `?course=${m[1]}` : ''}${m[3] ?? ''}`;
}
