import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PathwaysModule } from '../pathways/pathways.module.js';
import { HoursService } from './hours.service.js';
import { PracticeHoursController, SupervisedHoursController } from './hours.controller.js';
import { HoursRepository } from './hours.repository.js';
import { HoursRules } from './hours.rules.js';

/**
 * Practice hours (issue 8): logged by a volunteer (never with client details), verified or returned by
 * their own supervisor. It also holds what CE hours count by the same way (`HoursRules`: categories,
 * quotas and deadlines from the pathway definitions) and the reads both logs share, exported for the
 * CE module (../ce); the pathway engine reads both tables itself.
 */
@Module({
  // Quotas, deadlines and categories come from the pathway definitions and engine.
  imports: [NotificationsModule, PathwaysModule],
  controllers: [PracticeHoursController, SupervisedHoursController],
  providers: [HoursRepository, HoursRules, HoursService],
  exports: [HoursRules, HoursRepository],
})
export class HoursModule {}
