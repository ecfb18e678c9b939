import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadContent, type Catalog, type Course, type Module } from '@kindred/courses';

/** Content that fails the checker: the API refuses to start with it. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly lines: string[]) {
    super(`course content has ${lines.length} problem(s):\n${lines.join('\n')}`);
  }
}

/** `KINDRED_COURSES_DIR`, or the repository's `courses/` (three levels up from src/courses or dist/courses). */
export function coursesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KINDRED_COURSES_DIR ? resolve(env.KINDRED_COURSES_DIR) : fileURLToPath(new URL('../../../courses', import.meta.url));
}

const cache = new Map<string, Catalog>();

/** Loads and checks the content under `dir` once per process; throws ContentError listing every problem. */
export function loadCatalog(dir: string = coursesDir()): Catalog {
  const cached = cache.get(dir);
  if (cached) return cached;
  const catalog = loadContent(dir);
  if (catalog.problems.length) throw new ContentError(catalog.problems.map(formatProblem));
  cache.set(dir, catalog);
  return catalog;
}

export interface ModuleEntry {
  module: Module;
  course: Course;
  index: number;
}

/** The loaded catalog with lookups by course slug and module id; injected into the courses service. */
export class CourseContent {
  private readonly modules = new Map<string, ModuleEntry>();
  private readonly courseMap = new Map<string, Course>();

  constructor(readonly catalog: Catalog) {
    for (const course of catalog.courses) {
      this.courseMap.set(course.slug, course);
      course.modules.forEach((module, index) => this.modules.set(module.id, { module, course, index }));
    }
  }

  get courses(): Course[] {
    return this.catalog.courses;
  }

  course(slug: string): Course | undefined {
    return this.courseMap.get(slug);
  }

  module(id: string): ModuleEntry | undefined {
    return this.modules.get(id);
  }
}
