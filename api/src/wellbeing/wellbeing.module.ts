import { Module } from '@nestjs/common';
import { CompetenciesModule } from '../competencies/competencies.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import {
  DebriefsController,
  MyWellbeingController,
  ProgramWellbeingController,
} from './wellbeing.controller.js';
import { WellbeingJob } from './wellbeing.job.js';
import { WellbeingRepository } from './wellbeing.repository.js';
import { WellbeingService } from './wellbeing.service.js';

/** Peer wellbeing (issue 21): private check-ins, debrief requests, monthly invitations. */
@Module({
  imports: [NotificationsModule, CompetenciesModule],
  controllers: [MyWellbeingController, DebriefsController, ProgramWellbeingController],
  providers: [WellbeingService, WellbeingRepository, WellbeingJob],
  exports: [WellbeingService],
})
export class WellbeingModule {}
