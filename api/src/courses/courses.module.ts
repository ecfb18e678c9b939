import { Module } from '@nestjs/common';
import { CoursesController } from './courses.controller.js';
import { TranslationsController } from './translations.controller.js';
import { CoursesService } from './courses.service.js';
import { CoursesRepository } from './courses.repository.js';
import { CourseContent } from './course-content.js';
import { ContentService } from '../content/content.service.js';
import { CompetenciesModule } from '../competencies/competencies.module.js';
import { CeModule } from '../ce/ce.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';

/** The catalog synced from `courses/` (see catalog.sync.ts), enrollments, progress and knowledge checks. */
@Module({
  // Knowledge-check evidence goes through the competencies service, so ratings and sign-off requests follow at once.
  // A completed module also writes its continuing-education row (the CE ledger).
  // A module that links to #program-rules shows the reader's program reporting rules (organizations).
  imports: [CompetenciesModule, CeModule, OrganizationsModule],
  controllers: [CoursesController, TranslationsController],
  providers: [
    CoursesService,
    CoursesRepository,
    {
      provide: CourseContent,
      useFactory: (content: ContentService) => new CourseContent(content.catalog),
      inject: [ContentService],
    },
  ],
  exports: [CourseContent, CoursesService],
})
export class CoursesModule {}
