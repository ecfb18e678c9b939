import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError, ErrorCode } from '../common/errors.js';
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
  Within,
} from './wellbeing.dto.js';

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
    private readonly clock: Clock,
  ) {}

  async mine(user: SessionUser): Promise<MyWellbeingDto> {
    const [checkIns, debriefs] = await Promise.all([
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
    ]);
    const last = checkIns.at(-1);
    const now = this.clock.now().getTime();
    return {
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
      monthlyDue: !last || now - new Date(last.created_at).getTime() > MONTHLY_DAYS * DAY_MS,
    };
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
        link: '/supervise#debriefs',
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
}
