import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PathwaysModule } from '../pathways/pathways.module.js';
import { AdminCeController, CeController } from './ce.controller.js';
import { CeService } from './ce.service.js';
import { HoursService } from './hours.service.js';
import { PracticeHoursController, SupervisedHoursController } from './hours.controller.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerRules } from './ledger.rules.js';

/** Practice hours and the continuing-education ledger (issue 8); the pathway engine reads their tables. */
@Module({
  // Quotas, deadlines and categories come from the pathway definitions and engine.
  imports: [NotificationsModule, PathwaysModule],
  controllers: [
    PracticeHoursController,
    SupervisedHoursController,
    CeController,
    AdminCeController,
  ],
  providers: [LedgerRepository, LedgerRules, HoursService, CeService],
  exports: [CeService, LedgerRules],
})
export class LedgerModule {}
