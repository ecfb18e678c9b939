import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { Localized } from '../common/i18n.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { eveningToSkip, localParts, WEEKDAYS, type Weekday } from './evening.js';
import type {
  PushSubscriptionInputDto,
  ReminderScheduleDto,
  ReminderScheduleInputDto,
} from './reminders.dto.js';
import { RemindersRepository } from './reminders.repository.js';
import { PushService } from './push.service.js';

/** A person's own reminder schedule, "not tonight", and the devices that get the reminder by push. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly repo: RemindersRepository,
    private readonly push: PushService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async schedule(userId: string): Promise<ReminderScheduleDto> {
    const [s, devices] = await Promise.all([
      this.repo.schedule(userId),
      this.repo.countSubscriptions(userId),
    ]);
    const push = { publicKey: this.push.publicKey, devices: Number(devices?.n ?? 0) };
    if (!s) return { days: [], time: null, timeZone: null, skipping: null, nextToSkip: null, push };
    const now = this.clock.now();
    const today = localParts(now, s.timeZone).date;
    const sentTonight = await this.repo.sentOn(userId, today);
    const snoozed = s.snoozedOn ? dateOnly(s.snoozedOn) : null;
    return {
      days: WEEKDAYS.filter((d) => s.days.includes(d)),
      time: s.time,
      timeZone: s.timeZone,
      // an evening already past is no longer "being skipped"
      skipping: snoozed && snoozed >= today ? snoozed : null,
      nextToSkip: eveningToSkip(s, now, sentTonight),
      push,
    };
  }

  async save(userId: string, input: ReminderScheduleInputDto): Promise<ReminderScheduleDto> {
    const days: Weekday[] = WEEKDAYS.filter((d) => input.days.includes(d));
    await this.repo.saveSchedule(
      userId,
      { days, time: input.time, timeZone: input.timeZone },
      this.clock.now(),
    );
    return this.schedule(userId);
  }

  /** "Not tonight": skips one evening, tonight's while still to come, else the next chosen one. */
  async snooze(userId: string): Promise<ReminderScheduleDto> {
    const s = await this.repo.schedule(userId);
    if (!s || !s.days.length) throw invalid('days', new Localized('reminder.noDays'));
    const now = this.clock.now();
    const sentTonight = await this.repo.sentOn(userId, localParts(now, s.timeZone).date);
    const evening = eveningToSkip(s, now, sentTonight);
    if (evening) await this.repo.snooze(userId, evening);
    return this.schedule(userId);
  }

  async subscribe(userId: string, input: PushSubscriptionInputDto): Promise<void> {
    if (!this.config.vapid)
      throw new DomainError(ErrorCode.Conflict, new Localized('reminder.pushOff'));
    const key = Buffer.from(input.p256dh, 'base64url');
    if (key.length !== 65 || key[0] !== 0x04)
      throw invalid('p256dh', 'p256dh must be a P-256 public key in base64url');
    if (Buffer.from(input.auth, 'base64url').length !== 16)
      throw invalid('auth', 'auth must be a 16-byte secret in base64url');
    await this.repo.saveSubscription(
      userId,
      { endpoint: input.endpoint, p256dh: input.p256dh, auth: input.auth },
      this.clock.now(),
    );
  }

  /** Forgets one of the caller's own devices; another person's endpoint is not theirs to remove. */
  unsubscribe(userId: string, endpoint: string): Promise<number> {
    return this.repo.deleteSubscription(userId, endpoint);
  }
}

/** A `date` column as YYYY-MM-DD, whether the driver gave a string or a Date (at local midnight). */
export function dateOnly(v: string | Date): string {
  if (typeof v === 'string') return v.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
}
