import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { withTryLock } from '../common/advisory-lock.js';
import { WellbeingService } from './wellbeing.service.js';

/** The advisory lock key: with several API instances, only the one holding it sends. */
export const WELLBEING_LOCK = 727_121;

/** Daily: the monthly check-in invitations (idempotent per person and month; paused by a rest week). */
@Injectable()
export class WellbeingJob {
  private readonly logger = new Logger('WellbeingReminders');

  constructor(
    private readonly wellbeing: WellbeingService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Cron('0 40 3 * * *', { name: 'wellbeing-monthly' })
  async daily(): Promise<void> {
    const sent = await this.run();
    if (sent) this.logger.log(`sent ${sent} monthly check-in invitation(s)`);
  }

  async run(): Promise<number> {
    return (
      (await withTryLock(this.ds, WELLBEING_LOCK, () => this.wellbeing.sendMonthlyReminders())) ?? 0
    );
  }
}
