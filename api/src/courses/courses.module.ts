import { Module } from '@nestjs/common';
import { CoursesController } from './courses.controller.js';
import { CoursesService } from './courses.service.js';
import { CoursesRepository } from './courses.repository.js';
import { CourseContent } from './course-content.js';
import { ContentService } from '../content/content.service.js';

/** The catalog synced from `courses/` (see catalog.sync.ts), enrollments, progress and knowledge checks. */
@Module({
  controllers: [CoursesController],
  providers: [CoursesService, CoursesRepository, { provide: CourseContent, useFactory: (content: ContentService) => new CourseContent(content.catalog), inject: [ContentService] }],
  exports: [CourseContent],
})
export class CoursesModule {}
