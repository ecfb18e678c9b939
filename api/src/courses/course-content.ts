import type { Catalog, Course, Module } from '@kindred/courses';

export { ContentError, coursesDir, loadCatalog } from '../content/content.service.js';

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
      course.modules.forEach((module, index) =>
        this.modules.set(module.id, { module, course, index }),
      );
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
