import { Module } from '@nestjs/common';
import { HoursModule } from '../hours/hours.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AdminCeController, CeController } from './ce.controller.js';
import { CeRepository } from './ce.repository.js';
import { CeService } from './ce.service.js';

/**
 * The continuing-education ledger (issue 8): Kindred modules counted by themselves, external training
 * approved by a coordinator. Its categories, quotas and deadlines are counted as practice hours' are
 * (`HoursRules`, from the hours module).
 */
@Module({
  imports: [NotificationsModule, HoursModule],
  controllers: [CeController, AdminCeController],
  providers: [CeRepository, CeService],
  // A completed module writes its CE row (courses).
  exports: [CeService],
})
export class CeModule {}
