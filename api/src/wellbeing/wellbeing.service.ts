import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { ContentService } from '../content/content.service.js';
import { say } from '../common/i18n.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { CompetenciesService } from '../competencies/competencies.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { DAY_MS, textIn } from '@kindred/certificates';
import { WellbeingRepository } from './wellbeing.repository.js';
import type {
  CheckInInputDto,
  CheckInSavedDto,
  DebriefHeldDto,
  DebriefHeldInputDto,
  DebriefQueueItemDto,
  MyWellbeingDto,
  ProgramWellbeingDto,
  RestWeekDto,
  RestWeekInputDto,
  Within,
} from './wellbeing.dto.js';

/** Coordinators' figures cover this many days. */
export const PROGRAM_WINDOW_DAYS = 365;

/** A monthly check-in is due when the last one is older than this. */
export const MONTHLY_DAYS = 30;

/**
 * Peer wellbeing (issue 21). A check-in's answers are the volunteer's alone: only the routes of
 * `/api/me/wellbeing` read `wellbeing_checkins`, and only for the signed-in person. A debrief request is
 * the one thing a supervisor learns: that a debrief was asked, how soon, and (once held) when.
 */
@Injectable()
export class WellbeingService {
  constructor(
    private readonly repo: WellbeingRepository,
    private readonly notifications: NotificationsService,
    private readonly competencies: CompetenciesService,
    private readonly content: ContentService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async mine(user: SessionUser): Promise<MyWellbeingDto> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const [checkIns, debriefs, rest, deadlines, contacts] = await Promise.all([
      this.repo.checkIns(user.id),
      this.repo.debriefs(user.id),
      this.restWeek(user.id, today),
      this.repo.deadlines(user.id, now),
      this.repo.contacts(user.id),
    ]);
    const last = checkIns.at(-1);
    return {
      restWeek: rest,
      deadlines: deadlines.map((d) => ({
        kind: d.kind,
        name:
          d.kind === 'competency'
            ? `${String(d.name)} ${this.content.competency(String(d.name), user.locale ?? 'en')?.name ?? ''}`.trim()
            : (textIn(d.name, user.locale ?? 'en') ?? ''),
        until: d.until,
        duringRest: Boolean(rest && d.until >= rest.startsOn && d.until <= rest.endsOn),
      })),
      contacts,
      checkIns: checkIns.map((c) => ({
        id: c.id,
        occasion: c.occasion,
        weight: c.weight,
        sleep: c.sleep,
        someone: c.someone,
        note: c.note,
        createdAt: new Date(c.created_at).toISOString(),
      })),
      debriefs: debriefs.map((d) => ({
        id: d.id,
        within: d.within,
        askedAt: new Date(d.asked_at).toISOString(),
        heldAt: d.held_at ? new Date(d.held_at).toISOString() : null,
      })),
      monthlyDue:
        !last || now.getTime() - new Date(last.created_at).getTime() > MONTHLY_DAYS * DAY_MS,
    };
  }

  /** The current rest week, else the next one. */
  private async restWeek(
    userId: string,
    today: string,
    m?: EntityManager,
  ): Promise<RestWeekDto | null> {
    const row = await this.repo.restWeek(userId, today, m);
    return row
      ? { startsOn: row.starts_on, endsOn: row.ends_on, current: row.starts_on <= today }
      : null;
  }

  /** A rest week of seven days from `startsOn` (today by default); one current or upcoming at a time. */
  async startRestWeek(user: SessionUser, input: RestWeekInputDto): Promise<RestWeekDto> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const startsOn = input.startsOn ?? today;
    const latest = new Date(now.getTime() + 60 * DAY_MS).toISOString().slice(0, 10);
    if (startsOn < today) throw invalid('startsOn', 'startsOn cannot be in the past');
    if (startsOn > latest) throw invalid('startsOn', 'startsOn must be within the next 60 days');
    return this.repo.transaction(async (m) => {
      await this.repo.lockRestWeeks(m, user.id);
      if (await this.repo.hasOpenRestWeek(m, user.id, today))
        throw new DomainError(
          ErrorCode.Conflict,
          'You already have a rest week planned or under way; end it first',
        );
      await this.repo.upsertRestWeek(m, user.id, startsOn, now);
      const week = await this.restWeek(user.id, today, m);
      return week!;
    });
  }

  /** Ends the current rest week today (reminders resume tomorrow) or cancels the upcoming one. */
  async endRestWeek(user: SessionUser): Promise<void> {
    const today = this.clock.now().toISOString().slice(0, 10);
    await this.repo.endRestWeek(user.id, today);
  }

  async checkIn(user: SessionUser, input: CheckInInputDto): Promise<CheckInSavedDto> {
    const now = this.clock.now();
    return this.repo.transaction(async (m) => {
      const id = await this.repo.addCheckIn(
        m,
        user.id,
        {
          occasion: input.occasion,
          weight: input.weight,
          sleep: input.sleep,
          someone: input.someone,
          note: (input.note ?? '').trim(),
        },
        now,
      );
      const debriefAsked = input.debrief
        ? await this.askDebrief(m, user, input.debrief, now)
        : await this.repo.hasOpenDebrief(m, user.id);
      return { id, debriefAsked };
    });
  }

  /** Opens a debrief request (one open at a time; a sooner ask makes the open one sooner) and tells the supervisors. */
  private async askDebrief(
    m: EntityManager,
    user: SessionUser,
    within: Within,
    now: Date,
  ): Promise<boolean> {
    const open = await this.repo.openDebriefForUpdate(m, user.id);
    const order: Within[] = ['days', 'week', 'weeks'];
    if (open) {
      if (order.indexOf(within) < order.indexOf(open.within))
        await this.repo.setDebriefWithin(m, open.id, within);
      else return true;
    } else {
      await this.repo.addDebrief(m, user.id, within, now);
    }
    const supervisors = await this.repo.supervisorIds(m, user.id);
    for (const supervisorId of supervisors)
      await this.notifications.notify(m, {
        userId: supervisorId,
        kind: 'debrief_asked',
        // The in-app notice (the supervisor's alone) names the volunteer; the e-mail, which passes through
        // the outbox, does not. Neither says anything of the check-in.
        says: (lang) => ({
          title: say(lang, 'n.debriefAsked.title', { name: user.name }),
          body: say(lang, 'n.debriefAsked.body', { within }),
          mailSubject: say(lang, 'n.debriefAsked.mailSubject'),
          mailText: say(lang, 'n.debriefAsked.mailText', { within }),
        }),
        link: '/supervise/debriefs',
      });
    return true;
  }

  /** Open debrief requests of the supervisor's cohort, oldest first: who, how soon, since when. */
  async queue(user: SessionUser): Promise<DebriefQueueItemDto[]> {
    const rows = await this.repo.queue(user.id, orgsWithRole(user, 'supervisor'));
    return rows.map((r) => ({
      id: r.id,
      volunteerId: r.volunteer_id,
      volunteerName: r.name,
      within: r.within,
      askedAt: new Date(r.asked_at).toISOString(),
    }));
  }

  /** The debrief took place: a supervision session of kind "debrief" is recorded and the request closes. */
  async markHeld(
    user: SessionUser,
    id: string,
    input: DebriefHeldInputDto,
  ): Promise<DebriefHeldDto> {
    return this.repo.transaction(async (m) => {
      const req = await this.repo.openRequestOfCohortForUpdate(
        m,
        id,
        user.id,
        orgsWithRole(user, 'supervisor'),
      );
      if (!req)
        throw new DomainError(
          ErrorCode.NotFound,
          'There is no open debrief request with that id among your volunteers',
        );
      const session = await this.competencies.addSession(
        user,
        {
          volunteerId: req.volunteer_id,
          kind: 'debrief',
          heldOn: input.heldOn,
          topics: input.topics ?? [],
          wellbeing: input.wellbeing,
          privateNotes: input.privateNotes,
        },
        m,
      );
      await this.repo.closeDebrief(m, id, {
        at: this.clock.now(),
        by: user.id,
        sessionId: session.id,
      });
      return { id, sessionId: session.id };
    });
  }

  /**
   * Once a month, a volunteer whose last check-in is older than MONTHLY_DAYS (or who has none) gets one
   * notification inviting a check-in; never during their rest week, and at most once per calendar month
   * (`wellbeing_reminders_sent`). Returns how many were sent.
   */
  async sendMonthlyReminders(): Promise<number> {
    const now = this.clock.now();
    const month = now.toISOString().slice(0, 7);
    const today = now.toISOString().slice(0, 10);
    const due = await this.repo.dueForMonthly(
      new Date(now.getTime() - MONTHLY_DAYS * DAY_MS),
      month,
      today,
    );
    let sent = 0;
    for (const id of due) {
      const done = await this.repo.transaction(async (m) => {
        if (!(await this.repo.markMonthlySent(m, id, month, now))) return false;
        await this.notifications.notify(m, {
          userId: id,
          kind: 'wellbeing_checkin',
          says: (lang) => ({
            title: say(lang, 'n.checkinMonthly.title'),
            body: say(lang, 'n.checkinMonthly.body'),
          }),
          link: '/me/wellbeing/check-in?occasion=monthly',
        });
        return true;
      });
      if (done) sent++;
    }
    return sent;
  }

  /**
   * The program's figures for its coordinators: counts only, never a person or an answer. A figure drawn
   * from fewer than KINDRED_SUPPRESS_BELOW (config.suppressBelow) different volunteers is withheld (null), so nobody can be picked out.
   */
  async program(user: SessionUser): Promise<ProgramWellbeingDto> {
    const orgs = orgsWithRole(user, 'coordinator');
    const since = new Date(this.clock.now().getTime() - PROGRAM_WINDOW_DAYS * DAY_MS);
    const row = await this.repo.programCounts(orgs, since);
    const threshold = this.config.suppressBelow;
    const shown = (n: number, people: number) => (people >= threshold ? n : null);
    return {
      windowDays: PROGRAM_WINDOW_DAYS,
      threshold,
      checkIns: shown(row.checkins, row.checkinPeople),
      debriefsAsked: shown(row.asked, row.askedPeople),
      debriefsHeld: shown(row.held, row.heldPeople),
      medianHoursToHold:
        row.heldPeople >= threshold && row.medianHours !== null
          ? Math.round(row.medianHours)
          : null,
    };
  }
}
