import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { dateOfDay, type PathwayState } from '@kindred/certificates';
import { Clock } from '../common/clock.js';
import { mailLangOf, say, sayDay } from '../common/i18n.js';
import { PathwayDefinitions } from './pathway-definitions.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { PathwaysRepository, type Volunteer } from './pathways.repository.js';
import { PathwaysService } from './pathways.service.js';

/** The advisory lock key: with several API instances, only the one holding it sweeps. */
export const PATHWAY_SWEEP_LOCK = 727_108;
/** "before it closes": the second reminder goes out this many days before the short renewal route closes. */
export const CLOSING_REMINDER_DAYS = 14;

export interface SweepRun {
  ran: boolean;
  volunteers: number;
  changes: number;
  reminders: number;
}

type ReminderKind = 'window_opened' | 'window_closing';

/** Which renewal reminder is due today, if any. */
export function reminderDue(s: PathwayState, today: number): ReminderKind | null {
  const r = s.renewal;
  if (!r || (r.window !== 'open' && r.window !== 'grace')) return null;
  if (today >= r.closesOn - CLOSING_REMINDER_DAYS) return 'window_closing';
  return r.window === 'open' ? 'window_opened' : null;
}

/**
 * Nightly: derives every volunteer's stage on every pathway, records what changed (audit: stage changed,
 * lapsed, renewed) and sends the renewal-window reminders (as the window opens, and two weeks before the
 * short route closes). Idempotent (snapshots and `pathway_reminders_sent`), lock-protected, Clock-driven.
 */
@Injectable()
export class PathwaySweepJob {
  private readonly logger = new Logger('PathwaySweep');

  constructor(
    private readonly repo: PathwaysRepository,
    private readonly pathways: PathwaysService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly defs: PathwayDefinitions,
  ) {}

  @Cron('0 45 3 * * *', { name: 'pathway-sweep' })
  async nightly(): Promise<void> {
    const run = await this.run();
    if (run.ran)
      this.logger.log(
        `${run.volunteers} volunteer(s): ${run.changes} change(s) recorded, ${run.reminders} reminder(s) sent`,
      );
  }

  async run(): Promise<SweepRun> {
    return (
      (await this.repo.withTryLock(PATHWAY_SWEEP_LOCK, () => this.sweep())) ?? {
        ran: false,
        volunteers: 0,
        changes: 0,
        reminders: 0,
      }
    );
  }

  private async sweep(): Promise<SweepRun> {
    const today = this.pathways.today();
    const run: SweepRun = { ran: true, volunteers: 0, changes: 0, reminders: 0 };
    // one read of who is on a pathway (small rows), then the facts a page at a time
    const everyone = await this.repo.volunteers(null);
    const page = (i: number) => everyone.slice(i, i + PathwaysService.BATCH);
    // the next page's facts are read while this page's changes are written
    let next = everyone.length ? this.pathways.evaluateBatch(page(0), today) : null;
    for (let i = 0; next; i += PathwaysService.BATCH) {
      const batch = await next;
      next =
        i + PathwaysService.BATCH < everyone.length
          ? this.pathways.evaluateBatch(page(i + PathwaysService.BATCH), today)
          : null;
      run.volunteers += batch.length;
      run.changes += await this.pathways.record(batch);
      const sent = await this.repo.remindersSent(batch.map((b) => b.volunteer.id));
      const resting = await this.repo.resting(this.clock.now());
      for (const { volunteer, states } of batch) {
        if (resting.has(volunteer.id)) continue;
        for (const s of states) {
          const kind = reminderDue(s, today);
          if (kind && !sent.has(`${volunteer.id}|${s.pathway}|${s.renewal!.validUntil}|${kind}`))
            run.reminders += await this.remind(volunteer, s, kind);
        }
      }
    }
    return run;
  }

  private async remind(v: Volunteer, s: PathwayState, kind: ReminderKind): Promise<number> {
    const r = s.renewal!;
    return this.repo.transaction(async (m) => {
      if (!(await this.repo.markReminder(m, v.id, s.pathway, r.validUntil, kind, this.clock.now())))
        return 0;
      const lang = mailLangOf(v.locale, v.browserLocale);
      const stage =
        this.defs.get(s.pathway)?.translations[lang]?.stages?.[s.stageId] ?? s.stageName;
      const expires = sayDay(lang, dateOfDay(r.validUntil));
      const closes = sayDay(lang, dateOfDay(r.closesOn - 1));
      const rest = [
        say(lang, 'pathway.missing', { n: r.missing }),
        say(lang, 'pathway.see', { link: '/me/pathway' }),
      ].join('\n');
      const greeting = say(lang, 'mail.greeting', { name: v.name });
      await this.outbox.enqueue(
        kind === 'window_opened'
          ? {
              to: v.email,
              organizationId: v.organizationId,
              kind: 'pathway.renewal_open',
              subject: say(lang, 'pathway.renewalOpen.subject', { stage }),
              text: `${greeting}\n\n${say(lang, 'pathway.renewalOpen.text', { stage, expires, closes })} ${rest}\n`,
            }
          : {
              to: v.email,
              organizationId: v.organizationId,
              kind: 'pathway.renewal_closing',
              subject: say(lang, 'pathway.renewalClosing.subject', { stage, closes }),
              text: `${greeting}\n\n${say(lang, 'pathway.renewalClosing.text', { stage, closes })} ${rest}\n`,
            },
        m,
      );
      return 1;
    });
  }
}
