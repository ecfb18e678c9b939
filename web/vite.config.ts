import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [sveltekit()],
  // Issue 17 (the module page's script budget): Vite's list of every page's scripts, written into the
  // route table so a page's imports load beside it, weighed more than the waterfall it saves (SvelteKit
  // loads a page's code when a link is hovered or touched (app.html), and the server lists a page's scripts
  // in its HTML). A page's styles still load with it (Vite keeps the CSS part of the list).
  build: { modulePreload: false },
  server: {
    fs: { allow: [fileURLToPath(new URL('../courses', import.meta.url))] },
    // `pnpm dev` (scripts/dev.mjs) runs the API beside vite: the browser's own /api/* calls go there too.
    proxy: process.env.KINDRED_API_INTERNAL
      ? { '/api': { target: process.env.KINDRED_API_INTERNAL, xfwd: true } }
      : undefined,
  },
});
