import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { ContentService } from '../content/content.service.js';
import { say } from '../common/i18n.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { CompetenciesService } from '../competencies/competencies.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { DAY_MS } from '@kindred/certificates';
import type {
  CheckInDto,
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
    @InjectDataSource() private readonly ds: DataSource,
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
      this.ds.query<
        {
          id: string;
          occasion: CheckInDto['occasion'];
          weight: number;
          sleep: number;
          someone: CheckInDto['someone'];
          note: string;
          created_at: Date;
        }[]
      >(
        `SELECT id, occasion, weight, sleep, someone, note, created_at FROM wellbeing_checkins WHERE user_id = $1 ORDER BY created_at, id`,
        [user.id],
      ),
      this.ds.query<{ id: string; within: Within; asked_at: Date; held_at: Date | null }[]>(
        `SELECT id, within, asked_at, held_at FROM debrief_requests WHERE volunteer_id = $1 ORDER BY asked_at DESC, id LIMIT 20`,
        [user.id],
      ),
      this.restWeek(user.id, today),
      this.ds.query<{ kind: 'competency' | 'certificate'; name: string; until: string }[]>(
        `SELECT 'competency' AS kind, competency_id AS name, to_char(valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS until
           FROM competency_ratings WHERE volunteer_id = $1 AND status = 'current' AND valid_until > $2 AND valid_until <= $2::timestamptz + interval '12 months'
         UNION ALL
         SELECT 'certificate', coalesce(signed->>'name', program_slug, ''), to_char(valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD')
           FROM credentials WHERE holder_user_id = $1 AND state = 'active' AND superseded_by IS NULL AND valid_until > $2 AND valid_until <= $2::timestamptz + interval '12 months'
         ORDER BY until, name`,
        [user.id, now],
      ),
      this.ds.query<{ name: string; email: string }[]>(
        `SELECT DISTINCT u.name, u.email FROM supervisor_assignments a JOIN users u ON u.id = a.supervisor_id
          WHERE a.volunteer_id = $1 AND u.disabled_at IS NULL ORDER BY u.name, u.email`,
        [user.id],
      ),
    ]);
    const last = checkIns.at(-1);
    return {
      restWeek: rest,
      deadlines: deadlines.map((d) => ({
        kind: d.kind,
        name:
          d.kind === 'competency'
            ? `${d.name} ${this.content.competency(d.name, user.locale ?? 'en')?.name ?? ''}`.trim()
            : d.name,
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
    const [row] = await (m ?? this.ds).query<{ starts_on: string; ends_on: string }[]>(
      `SELECT to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
         FROM rest_weeks WHERE user_id = $1 AND ends_on >= $2::date AND ends_on >= starts_on ORDER BY starts_on LIMIT 1`,
      [userId, today],
    );
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
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('rest-week:' || $1))`, [user.id]);
      const open = await m.query<unknown[]>(
        `SELECT 1 FROM rest_weeks WHERE user_id = $1 AND ends_on >= $2::date AND ends_on >= starts_on`,
        [user.id, today],
      );
      if (open.length)
        throw new DomainError(
          ErrorCode.Conflict,
          'You already have a rest week planned or under way; end it first',
        );
      await m.query(
        `INSERT INTO rest_weeks (user_id, starts_on, ends_on, created_at) VALUES ($1, $2::date, $2::date + 6, $3)
         ON CONFLICT (user_id, starts_on) DO UPDATE SET ends_on = EXCLUDED.ends_on, created_at = EXCLUDED.created_at`,
        [user.id, startsOn, now],
      );
      const week = await this.restWeek(user.id, today, m);
      return week!;
    });
  }

  /** Ends the current rest week today (reminders resume tomorrow) or cancels the upcoming one. */
  async endRestWeek(user: SessionUser): Promise<void> {
    const today = this.clock.now().toISOString().slice(0, 10);
    await this.ds.query(
      `UPDATE rest_weeks SET ends_on = GREATEST(starts_on - 1, $2::date - 1)
        WHERE user_id = $1 AND ends_on >= $2::date AND ends_on >= starts_on`,
      [user.id, today],
    );
  }

  async checkIn(user: SessionUser, input: CheckInInputDto): Promise<CheckInSavedDto> {
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const [row] = await m.query<{ id: string }[]>(
        `INSERT INTO wellbeing_checkins (user_id, occasion, weight, sleep, someone, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          user.id,
          input.occasion,
          input.weight,
          input.sleep,
          input.someone,
          (input.note ?? '').trim(),
          now,
        ],
      );
      const debriefAsked = input.debrief
        ? await this.askDebrief(m, user, input.debrief, now)
        : await this.hasOpenDebrief(m, user.id);
      return { id: row.id, debriefAsked };
    });
  }

  private async hasOpenDebrief(m: EntityManager, userId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM debrief_requests WHERE volunteer_id = $1 AND held_at IS NULL`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Opens a debrief request (one open at a time; a sooner ask makes the open one sooner) and tells the supervisors. */
  private async askDebrief(
    m: EntityManager,
    user: SessionUser,
    within: Within,
    now: Date,
  ): Promise<boolean> {
    const [open] = await m.query<{ id: string; within: Within }[]>(
      `SELECT id, within FROM debrief_requests WHERE volunteer_id = $1 AND held_at IS NULL FOR UPDATE`,
      [user.id],
    );
    const order: Within[] = ['days', 'week', 'weeks'];
    if (open) {
      if (order.indexOf(within) < order.indexOf(open.within))
        await m.query(`UPDATE debrief_requests SET within = $2 WHERE id = $1`, [open.id, within]);
      else return true;
    } else {
      await m.query(
        `INSERT INTO debrief_requests (volunteer_id, within, asked_at) VALUES ($1, $2, $3)`,
        [user.id, within, now],
      );
    }
    const supervisors = await m.query<{ id: string }[]>(
      `SELECT DISTINCT supervisor_id AS id FROM supervisor_assignments WHERE volunteer_id = $1`,
      [user.id],
    );
    for (const s of supervisors)
      await this.notifications.notify(m, {
        userId: s.id,
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
    const rows = await this.ds.query<
      { id: string; volunteer_id: string; name: string; within: Within; asked_at: Date }[]
    >(
      `SELECT d.id, d.volunteer_id, u.name, d.within, d.asked_at
         FROM debrief_requests d JOIN users u ON u.id = d.volunteer_id
        WHERE d.held_at IS NULL AND u.disabled_at IS NULL
          AND EXISTS (SELECT 1 FROM supervisor_assignments a
                       WHERE a.volunteer_id = d.volunteer_id AND a.supervisor_id = $1 AND a.organization_id = ANY($2))
        ORDER BY d.asked_at, d.id`,
      [user.id, orgsWithRole(user, 'supervisor')],
    );
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
    return this.ds.transaction(async (m) => {
      const [req] = await m.query<{ volunteer_id: string }[]>(
        `SELECT d.volunteer_id FROM debrief_requests d
          WHERE d.id = $1 AND d.held_at IS NULL
            AND EXISTS (SELECT 1 FROM supervisor_assignments a
                         WHERE a.volunteer_id = d.volunteer_id AND a.supervisor_id = $2 AND a.organization_id = ANY($3))
          FOR UPDATE`,
        [id, user.id, orgsWithRole(user, 'supervisor')],
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
      await m.query(
        `UPDATE debrief_requests SET held_at = $2, held_by = $3, session_id = $4 WHERE id = $1`,
        [id, this.clock.now(), user.id, session.id],
      );
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
    const due = await this.ds.query<{ id: string }[]>(
      `SELECT DISTINCT u.id FROM users u JOIN memberships ms ON ms.user_id = u.id AND ms.role = 'volunteer'
        WHERE u.disabled_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM wellbeing_checkins c WHERE c.user_id = u.id AND c.created_at > $1)
          AND NOT EXISTS (SELECT 1 FROM wellbeing_reminders_sent r WHERE r.user_id = u.id AND r.month = $2)
          AND NOT EXISTS (SELECT 1 FROM rest_weeks w WHERE w.user_id = u.id AND $3::date BETWEEN w.starts_on AND w.ends_on)`,
      [new Date(now.getTime() - MONTHLY_DAYS * DAY_MS), month, today],
    );
    let sent = 0;
    for (const { id } of due) {
      const done = await this.ds.transaction(async (m) => {
        const mark = await m.query<unknown[]>(
          `INSERT INTO wellbeing_reminders_sent (user_id, month, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
          [id, month, now],
        );
        if (!mark.length) return false;
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
    const [row] = await this.ds.query<
      {
        checkins: number;
        checkin_people: number;
        asked: number;
        asked_people: number;
        held: number;
        held_people: number;
        median_hours: number | null;
      }[]
    >(
      `WITH vols AS (SELECT DISTINCT user_id FROM memberships WHERE role = 'volunteer' AND organization_id = ANY($1)),
            c AS (SELECT user_id FROM wellbeing_checkins WHERE user_id IN (SELECT user_id FROM vols) AND created_at > $2),
            d AS (SELECT volunteer_id, asked_at, held_at FROM debrief_requests WHERE volunteer_id IN (SELECT user_id FROM vols) AND asked_at > $2)
       SELECT (SELECT count(*) FROM c)::int AS checkins,
              (SELECT count(DISTINCT user_id) FROM c)::int AS checkin_people,
              (SELECT count(*) FROM d)::int AS asked,
              (SELECT count(DISTINCT volunteer_id) FROM d)::int AS asked_people,
              (SELECT count(*) FROM d WHERE held_at IS NOT NULL)::int AS held,
              (SELECT count(DISTINCT volunteer_id) FROM d WHERE held_at IS NOT NULL)::int AS held_people,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM held_at - asked_at) / 3600)
                 FROM d WHERE held_at IS NOT NULL)::float8 AS median_hours`,
      [orgs, since],
    );
    const threshold = this.config.suppressBelow;
    const shown = (n: number, people: number) => (people >= threshold ? n : null);
    return {
      windowDays: PROGRAM_WINDOW_DAYS,
      threshold,
      checkIns: shown(row.checkins, row.checkin_people),
      debriefsAsked: shown(row.asked, row.asked_people),
      debriefsHeld: shown(row.held, row.held_people),
      medianHoursToHold:
        row.held_people >= threshold && row.median_hours !== null
          ? Math.round(row.median_hours)
          : null,
    };
  }
}
