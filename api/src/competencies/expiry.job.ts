import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { ContentService } from '../content/content.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { CompetenciesRepository } from './competencies.repository.js';
import { CompetenciesService } from './competencies.service.js';
import { DAY_MS } from '@kindred/certificates';
import { mailLangOf, say, sayDay } from '../common/i18n.js';

/** Reminders go out this many days before a rating's validity ends (most urgent first wins). */
export const REMINDER_DAYS = [7, 30, 60] as const;
/** The advisory lock key: with several API instances, only the one holding it runs the job. */
export const EXPIRY_LOCK = 727_104;

export interface ExpiryRun {
  ran: boolean;
  expired: number;
  reminders: number;
}

/**
 * Daily: marks ratings expired once `valid_until` passes and reminds volunteers 60, 30 and 7 days before.
 * Idempotent through `reminders_sent` (a unique key per rating validity and reminder), and guarded by
 * a PostgreSQL advisory lock so two instances never send the same reminder.
 */
@Injectable()
export class ExpiryJob {
  private readonly logger = new Logger('CompetencyExpiry');

  constructor(
    private readonly repo: CompetenciesRepository,
    private readonly competencies: CompetenciesService,
    private readonly content: ContentService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  @Cron('0 15 3 * * *', { name: 'competency-expiry' })
  async daily(): Promise<void> {
    const run = await this.run();
    if (run.expired || run.reminders)
      this.logger.log(`${run.expired} rating(s) expired, ${run.reminders} reminder(s) sent`);
  }

  async run(): Promise<ExpiryRun> {
    const result = await this.repo.withTryLock(EXPIRY_LOCK, () => this.sweep());
    return result ?? { ran: false, expired: 0, reminders: 0 };
  }

  private async sweep(): Promise<ExpiryRun> {
    const now = this.clock.now();
    const due = await this.repo.expiringBy(
      new Date(now.getTime() + Math.max(...REMINDER_DAYS) * DAY_MS),
    );
    let expired = 0;
    let reminders = 0;
    const resting = await this.repo.resting(now);
    for (const r of due) {
      const until = new Date(r.validUntil!);
      const lang = mailLangOf(r.locale, r.browserLocale);
      const c = this.content.competency(r.competencyId, lang);
      const name = c ? `${c.id} ${c.name}` : r.competencyId;
      const greeting = say(lang, 'mail.greeting', { name: r.name });
      const daysLeft = Math.ceil((until.getTime() - now.getTime()) / DAY_MS);
      const kind = daysLeft <= 0 ? 'expired' : `${REMINDER_DAYS.find((d) => daysLeft <= d)}d`;
      const sent = await this.repo.transaction(async (m) => {
        if (kind === 'expired')
          await this.competencies.sync(r.volunteerId, m, new Set([r.competencyId]));
        // In a rest week: the rating still expires on its day, but the message waits for the week's end.
        if (resting.has(r.volunteerId)) return false;
        if (!(await this.repo.markReminder(m, r.volunteerId, r.competencyId, until, kind, now)))
          return false;
        await this.outbox.enqueue(
          kind === 'expired'
            ? {
                to: r.email,
                kind: 'competency.expired',
                subject: say(lang, 'comp.expired.subject', { name }),
                text: `${greeting}\n\n${say(lang, 'comp.expired.text', { name })}\n`,
              }
            : {
                to: r.email,
                kind: 'competency.expiring',
                subject: say(lang, 'comp.expiring.subject', { name, days: daysLeft }),
                text: `${greeting}\n\n${say(lang, 'comp.expiring.text', { name, day: sayDay(lang, until.toISOString()) })}\n`,
              },
          m,
        );
        return true;
      });
      if (sent && kind === 'expired') expired++;
      else if (sent) reminders++;
    }
    return { ran: true, expired, reminders };
  }
}
