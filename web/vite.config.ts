import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [sveltekit()],
  server: { fs: { allow: [fileURLToPath(new URL('../courses', import.meta.url))] } },
});
