import type { Component } from 'svelte';
import { render } from 'svelte/server';

// Module bodies, compiled by mdsvex from the repository's courses/ folder at build time (front matter
// stripped, Markdown only: see svelte.config.js), rendered to HTML here once per body and kept. The page
// shows that HTML as it is: a body has no script of its own, so a phone downloads its words with the page
// instead of a compiled component (3.8 KB gzip for a module) and a map of every body in both languages.
const files = import.meta.glob<{ default: Component }>([
  '../../../../courses/*/[0-9]*.md',
  '../../../../courses/es/*/[0-9]*.md',
]);
const rendered = new Map<string, Promise<string | null>>();

/** The HTML of a module's body in a language (`es` bodies live under courses/es/), or null if absent. */
export function moduleBodyHtml(
  courseSlug: string,
  slug: string,
  lang: string,
): Promise<string | null> {
  const key = `../../../../courses/${lang === 'en' ? '' : `${lang}/`}${courseSlug}/${slug}.md`;
  let html = rendered.get(key);
  if (!html) {
    const load = files[key];
    html = load
      ? load().then(({ default: body }) =>
          // Svelte's hydration markers are comments; the body is never hydrated, so they go.
          render(body).body.replace(/<!--[^]*?-->/g, ''),
        )
      : Promise.resolve(null);
    rendered.set(key, html);
  }
  return html;
}
