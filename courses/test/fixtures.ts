import { fileURLToPath } from 'node:url';

/** Each fixture folder is its own tiny content root: competencies.yaml + one course (a few have two). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** The real content: the package folder. */
export const CONTENT_ROOT = fileURLToPath(new URL('..', import.meta.url));
