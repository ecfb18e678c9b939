import { Module } from '@nestjs/common';
import { CoursesController } from './courses.controller.js';
import { CoursesService } from './courses.service.js';
import { CoursesRepository } from './courses.repository.js';
import { CourseContent, coursesDir, loadCatalog } from './course-content.js';

/** The catalog synced from `courses/` (see catalog.sync.ts), enrollments, progress and knowledge checks. */
@Module({
  controllers: [CoursesController],
  providers: [CoursesService, CoursesRepository, { provide: CourseContent, useFactory: () => new CourseContent(loadCatalog(coursesDir())) }],
  exports: [CourseContent],
})
export class CoursesModule {}
