import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { toCsv } from '../common/csv.js';
import type { Lang } from '../common/i18n.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import {
  FUNNEL_STEPS,
  cohortFunnels,
  funnel,
  hoursByMonth,
  lastMonths,
  retention,
  turnaround,
  withheldText,
  type Milestones,
} from './evaluation.js';
import { EvaluationRepository } from './evaluation.repository.js';
import { SelfRatingsService } from './self-ratings.service.js';
import type { EvaluationDto } from './evaluation.dto.js';

/** The months the evaluation covers, the current one last. */
export const EVALUATION_MONTHS = 12;

/**
 * A CSV cell: a withheld figure (null) reads "fewer than N", as on the page, so a spreadsheet never shows
 * a blank that could be taken for zero; `none` marks the cells that have no figure at all (a median of
 * nobody, the step after the last).
 */
const cellOf =
  (threshold: number) =>
  (n: number | null, none = false) =>
    none ? '' : n === null ? withheldText(threshold) : String(n);

/**
 * Program evaluation for a coordinator's organizations: the funnel from invitation to renewal,
 * retention by month of joining, sign-off turnaround and verified practice hours. Aggregates only; no
 * person is named and small groups are withheld.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly clock: Clock,
    private readonly selfRatings: SelfRatingsService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async evaluation(user: SessionUser, lang: Lang = 'en'): Promise<EvaluationDto> {
    const orgs = orgsWithRole(user, 'coordinator');
    const months = lastMonths(this.clock.now(), EVALUATION_MONTHS);
    const since = new Date(`${months[0]}-01T00:00:00Z`);
    // KINDRED_SUPPRESS_BELOW (default 5), the threshold the wellbeing figures and the network map use
    const threshold = this.config.suppressBelow;

    const [members, invites] = await Promise.all([
      this.repo.volunteers(orgs),
      this.repo.volunteerInvites(orgs),
    ]);
    // one person per account (a volunteer of two of the coordinator's programs counts once), dated by
    // their earliest invitation of any of those programs; a member added without one was "invited" and
    // "signed in" when the membership was made
    const byUser = new Map<string, { email: string; joinedAt: Date }>();
    for (const m of members) {
      const had = byUser.get(m.userId);
      if (!had || m.joinedAt < had.joinedAt)
        byUser.set(m.userId, { email: m.email, joinedAt: m.joinedAt });
    }
    const firstInvite = new Map<string, { invitedAt: Date; acceptedAt: Date | null }>();
    for (const i of invites) {
      const had = firstInvite.get(i.email);
      if (!had) firstInvite.set(i.email, { invitedAt: i.invitedAt, acceptedAt: i.acceptedAt });
      else if (!had.acceptedAt && i.acceptedAt) had.acceptedAt = i.acceptedAt;
    }
    const ids = [...byUser.keys()];
    const [
      enrollments,
      modules,
      courses,
      drills,
      signoffs,
      pathways,
      certificates,
      renewals,
      active,
      decisions,
      hours,
    ] = await Promise.all([
      this.repo.firstEnrollments(ids),
      this.repo.firstModules(ids),
      this.repo.firstCoursesDone(ids),
      this.repo.firstDrillsPassed(ids),
      this.repo.firstSignoffs(ids),
      this.repo.pathwaysComplete(ids),
      this.repo.firstCertificates(ids, orgs),
      this.repo.firstRenewals(ids, orgs),
      this.repo.activeMonths(ids, since),
      this.repo.signoffDecisions(ids, since),
      this.repo.verifiedHours(orgs, since),
    ]);
    const at = (list: { userId: string | null; at: Date | null }[]) =>
      new Map(list.map((r) => [r.userId, r.at]));
    // in the order of FUNNEL_STEPS after invited and signed in
    const later = [
      enrollments,
      modules,
      courses,
      drills,
      signoffs,
      pathways,
      certificates,
      renewals,
    ].map(at);

    const memberEmails = new Set<string>();
    const people: Milestones[] = [];
    const joined: { userId: string; at: Date }[] = [];
    for (const [userId, m] of byUser) {
      memberEmails.add(m.email);
      const invite = firstInvite.get(m.email);
      const invited = invite && invite.invitedAt < m.joinedAt ? invite.invitedAt : m.joinedAt;
      const signedIn = invite?.acceptedAt ?? m.joinedAt;
      joined.push({ userId, at: signedIn });
      people.push([invited, signedIn, ...later.map((m) => m.get(userId) ?? null)]);
    }
    // invited and never joined (pending or expired)
    for (const [email, i] of firstInvite)
      if (!memberEmails.has(email))
        people.push([i.invitedAt, ...FUNNEL_STEPS.slice(1).map(() => null)]);

    return {
      threshold,
      months,
      funnel: { all: funnel(people, threshold), cohorts: cohortFunnels(people, months, threshold) },
      retention: retention(joined, active, months, threshold),
      turnaround: turnaround(decisions, months, threshold),
      hours: hoursByMonth(hours, months, threshold),
      learning: await this.selfRatings.learning(orgs, threshold, lang),
    };
  }

  async funnelCsv(user: SessionUser): Promise<string> {
    const e = await this.evaluation(user);
    const cell = cellOf(e.threshold);
    const rows = [
      [
        'cohort',
        'step',
        'reached',
        'share_of_invited',
        'median_days_from_previous',
        'stopped_here',
      ],
    ];
    for (const [cohort, steps] of [
      ['all', e.funnel.all] as const,
      ...e.funnel.cohorts.map((c) => [c.month, c.steps] as const),
    ])
      for (const s of steps)
        rows.push([
          cohort,
          s.step,
          cell(s.reached),
          cell(s.shareOfInvited, s.reached === 0),
          cell(s.medianDays, s.step === 'invited' || s.reached === 0),
          cell(s.stoppedHere, s.step === 'renewed'),
        ]);
    return toCsv(rows);
  }

  async retentionCsv(user: SessionUser): Promise<string> {
    const e = await this.evaluation(user);
    const cell = cellOf(e.threshold);
    const rows = [['cohort', 'people', 'months_after_joining', 'share_active']];
    for (const p of e.retention.overall)
      rows.push(['all', String(p.people), String(p.monthsAfter), cell(p.share, p.people === 0)]);
    for (const c of e.retention.cohorts)
      c.active.forEach((share, k) =>
        rows.push([c.month, cell(c.people), String(k), cell(share, c.people === 0)]),
      );
    return toCsv(rows);
  }

  async turnaroundCsv(user: SessionUser): Promise<string> {
    const e = await this.evaluation(user);
    const cell = cellOf(e.threshold);
    return toCsv([
      ['month_decided', 'decided', 'median_hours', 'p90_hours'],
      ...e.turnaround.map((t) => [
        t.month,
        cell(t.decided),
        cell(t.medianHours, t.decided === 0),
        cell(t.p90Hours, t.decided === 0),
      ]),
    ]);
  }

  async learningCsv(user: SessionUser): Promise<string> {
    const e = await this.evaluation(user);
    const cell = cellOf(e.threshold);
    const rows = [
      [
        'course',
        'competency',
        'people_rated_start_and_end',
        'mean_before',
        'mean_after',
        'share_rose',
        'share_signed_off',
        'share_passed_course_checks',
      ],
    ];
    for (const c of e.learning)
      for (const k of c.competencies)
        rows.push([
          c.slug,
          k.competencyId,
          cell(k.people),
          cell(k.before, k.people === 0),
          cell(k.after, k.people === 0),
          cell(k.rose, k.people === 0),
          cell(k.signedOff, k.people === 0),
          cell(c.passedChecks, c.ratedBoth === 0),
        ]);
    return toCsv(rows);
  }

  async hoursCsv(user: SessionUser): Promise<string> {
    const e = await this.evaluation(user);
    const cell = cellOf(e.threshold);
    return toCsv([
      ['month_worked', 'volunteers', 'entries', 'verified_hours'],
      ...e.hours.map((h) => [h.month, cell(h.people), cell(h.entries), cell(h.hours)]),
    ]);
  }
}
