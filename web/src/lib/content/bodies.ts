import type { Component } from 'svelte';

// Module bodies, compiled by mdsvex from the repository's courses/ folder (front matter stripped at
// compile time, see svelte.config.js). Lazy: a page loads only the body it shows. The module page no
// longer imports them (the server sends each body as HTML: $lib/server/module-body.ts); keeping a course
// offline (offline/keep.ts) still loads them, which caches scripts that no page needs any more.
const files = import.meta.glob<{ default: Component }>([
  '../../../../courses/*/[0-9]*.md',
  '../../../../courses/es/*/[0-9]*.md',
]);

/** The compiled body of a module in a language (`es` bodies live under courses/es/), or null if absent. */
export async function moduleBody(
  courseSlug: string,
  slug: string,
  lang: string,
): Promise<Component | null> {
  const load =
    files[`../../../../courses/${lang === 'en' ? '' : `${lang}/`}${courseSlug}/${slug}.md`];
  return load ? (await load()).default : null;
}
