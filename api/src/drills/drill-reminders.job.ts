import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { SessionsService } from './sessions.service.js';

/** Every minute: reminders a day and an hour before each group drill (idempotent, one instance at a time). */
@Injectable()
export class DrillRemindersJob {
  private readonly logger = new Logger('DrillReminders');

  constructor(private readonly sessions: SessionsService) {}

  @Interval('drill-reminders', 60_000)
  async run(): Promise<number> {
    const sent = await this.sessions.sendDueReminders();
    if (sent) this.logger.log(`sent ${sent} drill reminder(s)`);
    return sent;
  }
}
