import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import { rehypeHeadingIds } from './src/lib/content/heading-ids.js';
import { remarkSafeMarkdown } from './src/lib/content/safe-markdown.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  extensions: ['.svelte', '.md'],
  preprocess: [
    vitePreprocess(),
    mdsvex({
      extensions: ['.md'],
      // Course files carry their knowledge check (answers, explanations) in the front matter. The page
      // texts come from the API, so nothing of the front matter is compiled in: answers never reach a bundle.
      frontmatter: { type: 'yaml', marker: '-', parse: () => ({}) },
      // Markdown only: raw HTML, {expressions} and javascript:-style links in a body fail the build.
      remarkPlugins: [remarkSafeMarkdown],
      rehypePlugins: [rehypeHeadingIds],
    }),
  ],
  kit: {
    adapter: adapter({ out: 'build' }),
    // Pages carry a strict content security policy with per-response nonces for SvelteKit's own scripts.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'connect-src': ['self'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
