import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CompetenciesRepository } from './competencies.repository.js';
import { CompetenciesService } from './competencies.service.js';
import { ExpiryJob } from './expiry.job.js';
import { FrameworksController } from './frameworks.controller.js';
import { CompetenciesController } from './competencies.controller.js';
import { SupervisionController } from './supervision.controller.js';
import { CohortsController } from './cohorts.controller.js';

@Module({
  imports: [NotificationsModule],
  controllers: [
    FrameworksController,
    CompetenciesController,
    SupervisionController,
    CohortsController,
  ],
  providers: [CompetenciesRepository, CompetenciesService, ExpiryJob],
  exports: [CompetenciesService],
})
export class CompetenciesModule {}
