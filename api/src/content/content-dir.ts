import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the course content lives: KINDRED_COURSES_DIR, or the repository's courses/ folder. */
export function contentDir(env: Record<string, string | undefined>): string {
  return env.KINDRED_COURSES_DIR
    ? resolve(env.KINDRED_COURSES_DIR)
    : resolve(dirname(fileURLToPath(import.meta.url)), '../../../courses');
}
