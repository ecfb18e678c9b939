import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { mailLangOf, say, type Lang } from '../common/i18n.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CoursesService } from '../courses/courses.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { dueEvening, LATE_WINDOW_MIN } from './evening.js';
import { PushService, type PushMessage } from './push.service.js';
import { RemindersRepository } from './reminders.repository.js';
import { dateOnly } from './reminders.service.js';

/** The advisory lock key: with several API instances, only the one holding it sweeps. */
export const EVENING_LOCK = 727_119;

export interface EveningRun {
  ran: boolean;
  /** people reminded (one mail each) */
  reminded: number;
  pushed: number;
  /** subscriptions the push service said are gone (404/410), deleted */
  gone: number;
}

/**
 * Every minute: reminds each person whose chosen evening has come in their own time zone, by e-mail through
 * the outbox and by Web Push to each of their devices, once per local evening. The advisory lock keeps two
 * instances from sweeping at once; what makes it once is the row in `evening_reminders_sent` (primary key:
 * person and evening), claimed in the transaction that enqueues the mail, so a second run or an instance that
 * missed the lock finds it claimed and sends nothing. Pushes go after that commit: a crash between the two
 * loses that evening's push (the mail is kept), never sends it twice.
 */
@Injectable()
export class EveningReminderJob {
  private readonly logger = new Logger('EveningReminders');

  constructor(
    private readonly repo: RemindersRepository,
    private readonly courses: CoursesService,
    private readonly outbox: OutboxService,
    private readonly push: PushService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Cron('0 * * * * *', { name: 'evening-reminders' })
  async everyMinute(): Promise<void> {
    const run = await this.run();
    if (run.reminded)
      this.logger.log(`${run.reminded} reminded, ${run.pushed} push(es), ${run.gone} gone`);
  }

  async run(): Promise<EveningRun> {
    const result = await this.repo.withTryLock(EVENING_LOCK, () => this.sweep());
    return result ?? { ran: false, reminded: 0, pushed: 0, gone: 0 };
  }

  /** One pass without the lock (the tests race two of these to show the per-evening key alone holds). */
  async sweep(): Promise<EveningRun> {
    const now = this.clock.now();
    const run: EveningRun = { ran: true, reminded: 0, pushed: 0, gone: 0 };
    const people = await this.repo.active();
    const resting = people.length ? await this.repo.resting(now) : new Set<string>();
    for (const p of people) {
      const evening = dueEvening(p, now);
      if (!evening || (p.snoozedOn && dateOnly(p.snoozedOn) === evening)) continue;
      if (p.lastSent && dateOnly(p.lastSent) === evening) continue;
      // A rest week means no study reminders at all; nothing is marked, nothing waits for the week's end.
      if (resting.has(p.userId)) continue;
      const lang = mailLangOf(p.locale, p.browserLocale);
      const next = await this.courses.nextFor(p.userId, lang);
      const claimed = await this.repo.transaction(async (m) => {
        if (!(await this.repo.claimEvening(m, p.userId, evening, now))) return false;
        await this.outbox.enqueue(
          { to: p.email, kind: 'reminder.evening', ...this.mail(lang, p.name, next) },
          m,
        );
        return true;
      });
      if (!claimed) continue;
      run.reminded++;
      const message = this.pushMessage(lang, next);
      for (const sub of await this.repo.subscriptions(p.userId)) {
        // The push service keeps it no longer than the late window: a reminder at 2 a.m. helps nobody.
        const result = await this.push.send(sub, message, LATE_WINDOW_MIN * 60);
        if (result === 'sent') run.pushed++;
        else if (result === 'gone') {
          await this.repo.deleteSubscriptionById(sub.id);
          run.gone++;
        }
      }
    }
    return run;
  }

  private mail(
    lang: Lang,
    name: string,
    next: Awaited<ReturnType<CoursesService['nextFor']>>,
  ): { subject: string; text: string } {
    const origin = this.config.publicOrigin;
    const lines = [say(lang, 'mail.greeting', { name }), ''];
    if (next) {
      lines.push(
        say(lang, 'reminder.next', {
          module: next.title,
          course: next.courseTitle,
          minutes: next.minutes,
        }),
        `${origin}/learn/modules/${encodeURIComponent(next.moduleId)}`,
      );
    } else lines.push(say(lang, 'reminder.none'), `${origin}/learn`);
    lines.push(
      '',
      say(lang, 'reminder.snooze'),
      `${origin}/learn#not-tonight`,
      '',
      say(lang, 'reminder.change'),
      `${origin}/me#reminders`,
    );
    return {
      subject: next
        ? say(lang, 'reminder.subject', { module: next.title })
        : say(lang, 'reminder.subjectNone'),
      text: lines.join('\n') + '\n',
    };
  }

  private pushMessage(
    lang: Lang,
    next: Awaited<ReturnType<CoursesService['nextFor']>>,
  ): PushMessage {
    return {
      title: say(lang, 'reminder.push.title'),
      body: next
        ? say(lang, 'reminder.push.next', { module: next.title, minutes: next.minutes })
        : say(lang, 'reminder.none'),
      url: '/learn',
      tag: 'kindred-evening',
      skip: say(lang, 'reminder.push.skip'),
    };
  }
}
