import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CompetenciesModule } from '../competencies/competencies.module.js';
import { DrillsController } from './drills.controller.js';
import { DrillsService } from './drills.service.js';
import { DrillsRepository } from './drills.repository.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { DrillRemindersJob } from './drill-reminders.job.js';

@Module({
  // Drill evidence goes through the competencies service, so ratings and sign-off requests follow at once.
  imports: [NotificationsModule, CompetenciesModule],
  controllers: [DrillsController, SessionsController],
  providers: [
    DrillsService,
    DrillsRepository,
    SessionsService,
    SessionsRepository,
    DrillRemindersJob,
  ],
})
export class DrillsModule {}
