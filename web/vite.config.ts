import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    fs: { allow: [fileURLToPath(new URL('../courses', import.meta.url))] },
    // `pnpm dev` (scripts/dev.mjs) runs the API beside vite: the browser's own /api/* calls go there too.
    proxy: process.env.KINDRED_API_INTERNAL
      ? { '/api': { target: process.env.KINDRED_API_INTERNAL, xfwd: true } }
      : undefined,
  },
});
