import { Module, type DynamicModule } from '@nestjs/common';
import type { Agent } from 'node:https';
import { CoursesModule } from '../courses/courses.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EveningReminderJob } from './evening-reminder.job.js';
import { PUSH_AGENT, PushService } from './push.service.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

/** Reminders at the volunteer's own evening: the schedule on /me, "not tonight", e-mail and Web Push. */
@Module({
  // The reminder says the person's next module (courses) and goes through the outbox (notifications).
  imports: [CoursesModule, NotificationsModule],
  controllers: [RemindersController],
  providers: [RemindersRepository, RemindersService, PushService, EveningReminderJob],
  exports: [PushService],
})
export class RemindersModule {
  /** `pushAgent`: the https.Agent pushes go through (tests: one trusting a local push service). */
  static forRoot(pushAgent?: Agent): DynamicModule {
    return {
      module: RemindersModule,
      providers: pushAgent ? [{ provide: PUSH_AGENT, useValue: pushAgent }] : [],
    };
  }
}
