import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { toCsv } from '../common/csv.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import type { SessionUser } from '../common/session-user.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { findIdentifier, identifierMessage } from './identifiers.js';
import { categoryWord, Localized, say, sayDay, type Lang } from '../common/i18n.js';

import type {
  MyPracticeHoursDto,
  PracticeHoursEntryDto,
  PracticeHoursInputDto,
  SupervisedHoursDto,
  SupervisedHoursEntryDto,
  VerifyWeekResultDto,
} from './hours.dto.js';
import { HoursRepository, type HoursRow } from './hours.repository.js';
import { HoursRules, round, summarize } from './hours.rules.js';
import { DAY_MS } from '@kindred/certificates';

/** The hours CSV's columns (their headers in the reader's language). */
const HOURS_COLUMNS = [
  'csv.date',
  'csv.hours',
  'csv.category',
  'csv.setting',
  'csv.status',
  'csv.reviewedBy',
  'csv.reviewedOn',
] as const;
/** One entry's cells under HOURS_COLUMNS: the volunteer's own CSV, and the cohort's after the name. */
function hoursCsvRow(r: HoursRow, name: (id: string) => string, lang: Lang): string[] {
  return [
    r.workedOn,
    String(r.hours),
    name(r.category),
    r.setting,
    say(lang, 'csv.hoursStatus', { status: r.status }),
    r.reviewedByName ?? '',
    iso(r.reviewedAt)?.slice(0, 10) ?? '',
  ];
}
/** Monday of the week (weeks run Monday to Sunday) of a YYYY-MM-DD date. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The practice hours log: volunteers record shifts and practice (never client details), their own
 * supervisor verifies or returns each entry, and only verified hours count toward a pathway.
 */
@Injectable()
export class HoursService {
  constructor(
    private readonly repo: HoursRepository,
    private readonly rules: HoursRules,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  private check(input: PracticeHoursInputDto): {
    workedOn: string;
    hours: number;
    setting: string;
    category: string;
    reflection: string | null;
  } {
    const categories = this.rules.practiceCategories().map((c) => c.id);
    if (!categories.includes(input.category))
      throw invalid('category', `category must be one of ${categories.join(', ')}`);
    const today = this.clock.now().toISOString().slice(0, 10);
    if (input.workedOn > today) throw invalid('workedOn', new Localized('hours.future'));
    const setting = input.setting.trim();
    const reflection = input.reflection?.trim() || null;
    for (const [field, text] of [
      ['setting', setting],
      ['reflection', reflection],
    ] as const) {
      const kind = findIdentifier(text);
      if (kind) throw invalid(field, identifierMessage(field, kind));
    }
    return {
      workedOn: input.workedOn,
      hours: input.hours,
      setting,
      category: input.category,
      reflection,
    };
  }

  async log(user: SessionUser, input: PracticeHoursInputDto): Promise<PracticeHoursEntryDto> {
    const e = this.check(input);
    const organizationId = await this.repo.volunteerOrganization(user.id);
    if (!organizationId)
      throw new DomainError(
        ErrorCode.Forbidden,
        'Only members of an organization can log practice hours',
      );
    const id = await this.repo.insertHours({
      ...e,
      organizationId,
      volunteerId: user.id,
      now: this.clock.now(),
    });
    return entryView((await this.repo.hoursEntry(id))!);
  }

  /** Edits an entry that is not verified yet (a returned one goes back to the supervisor). */
  async resubmit(
    user: SessionUser,
    id: string,
    input: PracticeHoursInputDto,
  ): Promise<PracticeHoursEntryDto> {
    const e = this.check(input);
    await this.repo.transaction(async (m) => {
      const row = await this.repo.hoursEntry(id, m, true);
      if (!row || row.volunteerId !== user.id)
        throw new DomainError(ErrorCode.NotFound, 'There is no such entry in your log');
      if (row.status === 'verified')
        throw new DomainError(
          ErrorCode.Conflict,
          'This entry is verified already and can no longer be changed',
        );
      await this.repo.resubmitHours(m, id, { ...e, now: this.clock.now() });
    });
    return entryView((await this.repo.hoursEntry(id))!);
  }

  async mine(user: SessionUser): Promise<MyPracticeHoursDto> {
    const [rows, totals, target] = await Promise.all([
      this.repo.hoursOf(user.id),
      this.repo.hoursTotals(user.id),
      this.rules.targets(user.id, 'practice_hours'),
    ]);
    const { countedHours, ...summary } = summarize(
      this.rules.practiceCategories(),
      totals,
      target,
      'verified',
      'submitted',
    );
    return { entries: rows.map(entryView), ...summary, verifiedHours: countedHours };
  }

  /** My hours log as CSV, for my own records or an application: no reflections (they stay in Kindred). */
  async mineCsv(user: SessionUser, lang: Lang = 'en'): Promise<string> {
    const name = this.categoryNames(lang);
    const rows = [HOURS_COLUMNS.map((c) => say(lang, c))];
    for (const r of await this.repo.hoursOf(user.id)) rows.push(hoursCsvRow(r, name, lang));
    return toCsv(rows);
  }

  // ---- supervisors

  /** Every entry of my cohort, as CSV: no reflections and no return notes (the supervision record stays in Kindred). */
  async cohortCsv(user: SessionUser, lang: Lang = 'en'): Promise<string> {
    const name = this.categoryNames(lang);
    const rows = [['csv.volunteer' as const, ...HOURS_COLUMNS].map((c) => say(lang, c))];
    for (const r of await this.repo.cohortHours(user.id, {}))
      rows.push([r.volunteerName, ...hoursCsvRow(r, name, lang)]);
    return toCsv(rows);
  }

  private categoryNames(lang: Lang = 'en'): (id: string) => string {
    const labels = new Map(this.rules.practiceCategories().map((c) => [c.id, c.label]));
    return (id) => categoryWord(lang, id, labels.get(id) ?? id);
  }

  async cohort(
    user: SessionUser,
    f: { status?: string; weekOf?: string; volunteerId?: string },
  ): Promise<SupervisedHoursDto> {
    const [rows, weeks] = await Promise.all([
      this.repo.cohortHours(user.id, {
        status: f.status,
        weekStart: f.weekOf ? mondayOf(f.weekOf) : undefined,
        volunteerId: f.volunteerId,
      }),
      this.repo.cohortWeeks(user.id),
    ]);
    return {
      entries: rows.map(supervisedView),
      weeks,
      categories: this.rules.practiceCategories(),
    };
  }

  async verify(user: SessionUser, id: string): Promise<SupervisedHoursEntryDto> {
    return this.review(user, id, 'verified', null);
  }

  async return(user: SessionUser, id: string, note: string): Promise<SupervisedHoursEntryDto> {
    const trimmed = note.trim();
    if (trimmed.length < 3) throw invalid('note', new Localized('hours.noteTooShort'));
    const kind = findIdentifier(trimmed);
    if (kind) throw invalid('note', identifierMessage('note', kind));
    return this.review(user, id, 'returned', trimmed);
  }

  private async review(
    user: SessionUser,
    id: string,
    status: 'verified' | 'returned',
    note: string | null,
  ): Promise<SupervisedHoursEntryDto> {
    await this.repo.transaction(async (m) => {
      const row = await this.repo.hoursEntry(id, m, true);
      if (!row) throw new DomainError(ErrorCode.NotFound, 'There is no such practice hours entry');
      if (row.volunteerId === user.id)
        throw new DomainError(ErrorCode.Forbidden, 'You cannot verify your own practice hours');
      if (!(await this.repo.supervises(user.id, row.volunteerId, row.organizationId, m)))
        throw new DomainError(
          ErrorCode.Forbidden,
          'Only the volunteer’s own supervisor can review their hours; this volunteer is not in your cohort',
        );
      if (row.status !== 'submitted')
        throw new DomainError(ErrorCode.Conflict, `This entry is ${row.status} already`);
      const at = this.clock.now();
      await this.repo.reviewHours(m, id, { status, by: user.id, at, note });
      await this.audit.append(m, {
        organizationId: row.organizationId,
        actor: `user:${user.id}`,
        action: `practice_hours.${status}`,
        subject: `practice_hours:${id}`,
        details: {
          volunteerId: row.volunteerId,
          workedOn: row.workedOn,
          hours: row.hours,
          category: row.category,
          ...(note ? { note } : {}),
        },
      });
      const p = (lang: Lang) => ({
        by: user.name,
        day: sayDay(lang, row.workedOn),
        hours: row.hours,
        category: this.categoryNames(lang)(row.category),
        note: note ?? '',
      });
      if (status === 'returned')
        await this.notifications.notify(m, {
          userId: row.volunteerId,
          kind: 'hours_returned',
          says: (lang) => ({
            title: say(lang, 'n.hoursReturned.title'),
            body: say(lang, 'n.hoursReturned.body', p(lang)),
            mailText: say(lang, 'n.hoursReturned.mail', p(lang)),
          }),
          link: '/me/hours',
          mail: { kind: 'practice_hours.returned', organizationId: row.organizationId },
        });
      else
        await this.notifications.notify(m, {
          userId: row.volunteerId,
          kind: 'hours_verified',
          says: (lang) => ({
            title: say(lang, 'n.hoursVerified.title', p(lang)),
            body: say(lang, 'n.hoursVerified.body', p(lang)),
          }),
          link: '/me/hours',
          mail: { organizationId: row.organizationId },
        });
    });
    return supervisedView((await this.repo.hoursEntry(id))!);
  }

  /** Verifies every submitted entry of the cohort in one week, each with its own audit line, all or nothing. */
  async verifyWeek(
    user: SessionUser,
    weekOf: string,
    expectedCount?: number,
  ): Promise<VerifyWeekResultDto> {
    const weekStart = mondayOf(weekOf);
    return this.repo.transaction(async (m) => {
      const rows = (
        await this.repo.cohortHours(user.id, { status: 'submitted', weekStart }, m, true)
      ).filter((r) => r.volunteerId !== user.id);
      if (expectedCount !== undefined && rows.length !== expectedCount) {
        throw new DomainError(
          ErrorCode.Conflict,
          `The week of ${weekStart} now has ${rows.length} entries waiting, not ${expectedCount}: review it again before verifying`,
        );
      }
      const at = this.clock.now();
      for (const row of rows) {
        await this.repo.reviewHours(m, row.id, { status: 'verified', by: user.id, at, note: null });
        await this.audit.append(m, {
          organizationId: row.organizationId,
          actor: `user:${user.id}`,
          action: 'practice_hours.verified',
          subject: `practice_hours:${row.id}`,
          details: {
            volunteerId: row.volunteerId,
            workedOn: row.workedOn,
            hours: row.hours,
            category: row.category,
            bulkWeekOf: weekStart,
          },
        });
      }
      // One notification per volunteer for the week, not one per entry.
      const byVolunteer = new Map<string, typeof rows>();
      for (const row of rows)
        byVolunteer.set(row.volunteerId, [...(byVolunteer.get(row.volunteerId) ?? []), row]);
      for (const [volunteerId, theirs] of byVolunteer) {
        const hours = round(theirs.reduce((a, r) => a + r.hours, 0));
        await this.notifications.notify(m, {
          userId: volunteerId,
          kind: 'hours_verified',
          says: (lang) => {
            const p = { by: user.name, day: sayDay(lang, weekStart), hours, count: theirs.length };
            return {
              title: say(lang, 'n.weekVerified.title', p),
              body: say(lang, 'n.weekVerified.body', p),
            };
          },
          link: '/me/hours',
          mail: { organizationId: theirs[0].organizationId },
        });
      }
      return {
        weekOf: weekStart,
        verified: rows.length,
        hours: round(rows.reduce((a, r) => a + r.hours, 0)),
      };
    });
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function entryView(r: HoursRow): PracticeHoursEntryDto {
  return {
    id: r.id,
    volunteerId: r.volunteerId,
    workedOn: r.workedOn,
    hours: r.hours,
    setting: r.setting,
    category: r.category,
    reflection: r.reflection,
    status: r.status,
    reviewedByName: r.reviewedByName,
    reviewedAt: iso(r.reviewedAt),
    reviewNote: r.reviewNote,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

function supervisedView(r: HoursRow): SupervisedHoursEntryDto {
  return { ...entryView(r), volunteerName: r.volunteerName, weekOf: r.weekOf };
}
