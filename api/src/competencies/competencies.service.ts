import { mailLangOf, say, type Lang } from '../common/i18n.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { toCsv } from '../common/csv.js';
import { DomainError, ErrorCode, invalid } from '../common/errors.js';
import { hasRole, orgsWithRole, type SessionUser } from '../common/session-user.js';
import { ContentService } from '../content/content.service.js';
import { AuditService } from '../audit/audit.service.js';
import { EvidenceEvents } from '../evidence/evidence-events.js';
import {
  EvidenceRepository,
  type EvidenceRow,
  type NewEvidence,
} from '../evidence/evidence.repository.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import {
  CompetenciesRepository,
  type EvidenceWithSubject,
  type RatingRow,
} from './competencies.repository.js';
import {
  courseWorkComplete,
  deriveRating,
  isProficient,
  levelIndex,
  missingFor,
} from './rating.rules.js';
import { DAY_MS } from '@kindred/certificates';

/** A rating that ends within this many days is "expiring soon" on the dashboards. */
export const EXPIRING_SOON_DAYS = 60;

export interface SignoffInput {
  reflection?: string;
  priorLearningNote?: string;
  priorLearningLink?: string;
}

export interface DecisionInput {
  decision: 'sign_off' | 'practice';
  level: string;
  scores: Record<string, string>;
  comment: string;
  practice?: string;
}

/** The competency rules: ratings from evidence, sign-off requests and decisions, cohorts, and the supervision log. */
@Injectable()
export class CompetenciesService {
  constructor(
    private readonly repo: CompetenciesRepository,
    private readonly evidence: EvidenceRepository,
    private readonly content: ContentService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly events: EvidenceEvents,
    private readonly notifications: NotificationsService,
  ) {}

  get framework() {
    return this.content.catalog.framework;
  }

  /** An evidence row as people read it: what it is about (the module or drill by its title) and who recorded it. */
  private evidenceView(e: EvidenceWithSubject) {
    const { catalog } = this.content;
    const subject = e.moduleId
      ? (catalog.courses.flatMap((c) => c.modules).find((m) => m.id === e.moduleId)?.title ??
        e.moduleId)
      : e.drillId
        ? (catalog.drills.find((d) => d.id === e.drillId)?.title ?? e.drillId)
        : null;
    return evidenceView(e, subject);
  }

  /** The framework's texts in `lang` (ids, order and rules are the English file's). */
  frameworkIn(lang: Lang) {
    return this.content.framework(lang);
  }

  competency(id: string, lang: Lang = 'en') {
    const c = this.content.competency(id, lang);
    if (!c) throw new DomainError(ErrorCode.NotFound, `There is no competency ${id}`);
    return c;
  }

  // ---- evidence and ratings

  /** For other modules: append evidence and bring the ratings (and auto-opened requests) up to date, in one transaction. */
  async recordEvidence(rows: NewEvidence[], manager?: EntityManager): Promise<EvidenceRow[]> {
    const work = async (m: EntityManager) => {
      const added = await this.evidence.append(rows, m);
      const volunteers = new Set(rows.map((r) => r.volunteerId));
      for (const volunteerId of volunteers)
        await this.sync(
          volunteerId,
          m,
          new Set(rows.filter((r) => r.volunteerId === volunteerId).map((r) => r.competencyId)),
        );
      this.events.changed(m, volunteers);
      return added;
    };
    return manager ? work(manager) : this.repo.transaction(work);
  }

  /**
   * Derives a volunteer's ratings from the evidence log and stores what changed; opens a sign-off request by
   * itself where course work is complete and nobody has asked yet. Idempotent: run it as often as you like.
   */
  async sync(volunteerId: string, m: EntityManager, only?: Set<string>): Promise<RatingRow[]> {
    const now = this.clock.now();
    const rows = await this.repo.evidenceOf(volunteerId, null, m);
    const stored = await this.repo.ratings(volunteerId, m);
    const byId = new Map(stored.map((r) => [r.competencyId, r]));
    const result: RatingRow[] = [];
    for (const c of this.framework.competencies) {
      const derived: RatingRow = {
        volunteerId,
        competencyId: c.id,
        ...deriveRating(
          this.framework,
          c,
          rows.filter((r) => r.competencyId === c.id),
          now,
        ),
      };
      result.push(derived);
      if (only && !only.has(c.id)) continue;
      const old = byId.get(c.id);
      const hasEvidence = rows.some((r) => r.competencyId === c.id);
      if (!hasEvidence && !old) continue;
      if (!old || !same(old, derived)) await this.repo.upsertRating(m, derived, now);
      if (
        derived.status === 'current' &&
        courseWorkComplete(this.framework, derived.level) &&
        !(await this.repo.everRequested(volunteerId, c.id, m))
      ) {
        const id = await this.repo.openRequest(m, {
          volunteerId,
          competencyId: c.id,
          origin: 'auto',
          reflection: null,
          priorLearningEvidenceId: null,
          at: now,
        });
        if (id) await this.notifySupervisors(m, volunteerId, c.id, 'auto');
      }
    }
    return result;
  }

  /** The volunteer's competency map: one entry per competency with level, what is missing, expiry and the latest request. */
  async map(volunteerId: string, lang: Lang = 'en') {
    const ratings = await this.repo.transaction((m) => this.sync(volunteerId, m));
    const requests = await this.repo.requestsOf(volunteerId);
    return this.frameworkIn(lang).competencies.map((c) => {
      const r = ratings.find((x) => x.competencyId === c.id)!;
      const latest = requests.find((q) => q.competencyId === c.id);
      return {
        competencyId: c.id,
        name: c.name,
        domain: c.domain,
        level: r.level,
        levelIndex: levelIndex(this.framework, r.level),
        proficient: isProficient(this.framework, r.level),
        status: r.status,
        validUntil: r.validUntil ? new Date(r.validUntil).toISOString() : null,
        missing: missingFor(this.framework, r),
        request: latest ? requestView(latest) : null,
      };
    });
  }

  // ---- sign-off

  async requestSignoff(user: SessionUser, competencyId: string, input: SignoffInput) {
    this.competency(competencyId);
    if (input.priorLearningLink && !input.priorLearningNote)
      throw invalid(
        'priorLearningNote',
        'priorLearningNote must say what the linked prior learning is',
      );
    const now = this.clock.now();
    const id = await this.repo.transaction(async (m) => {
      let priorId: string | null = null;
      if (input.priorLearningNote) {
        const [row] = await this.evidence.append(
          [
            {
              volunteerId: user.id,
              competencyId,
              source: 'prior_learning',
              actorId: user.id,
              note: input.priorLearningNote,
              link: input.priorLearningLink ?? null,
              level: this.framework.rules.prior_learning ?? null,
            },
          ],
          m,
        );
        priorId = row.id;
      }
      const opened = await this.repo.openRequest(m, {
        volunteerId: user.id,
        competencyId,
        origin: 'volunteer',
        reflection: input.reflection ?? null,
        priorLearningEvidenceId: priorId,
        at: now,
      });
      if (!opened)
        throw new DomainError(
          ErrorCode.Conflict,
          'You already have an open sign-off request for this competency',
        );
      await this.sync(user.id, m, new Set([competencyId]));
      await this.notifySupervisors(m, user.id, competencyId, 'volunteer');
      return opened;
    });
    return requestView((await this.repo.request(id))!);
  }

  /** A supervisor's queue: open requests of their cohort, oldest first, each with the evidence behind it. */
  async queue(user: SessionUser, lang: Lang = 'en') {
    const rows = await this.repo.queue(user.id);
    const now = this.clock.now().getTime();
    return Promise.all(
      rows.map(async (r) => ({
        ...requestView(r),
        volunteerName: r.volunteerName,
        competencyName: this.competency(r.competencyId, lang).name,
        ageDays: Math.max(0, Math.floor((now - new Date(r.createdAt).getTime()) / DAY_MS)),
        evidence: (await this.repo.evidenceOf(r.volunteerId, r.competencyId)).map((e) =>
          this.evidenceView(e),
        ),
      })),
    );
  }

  async requestForReview(user: SessionUser, id: string, lang: Lang = 'en') {
    const r = await this.repo.request(id);
    if (!r) throw new DomainError(ErrorCode.NotFound, 'There is no such sign-off request');
    await this.assertSupervises(user, r.volunteerId);
    const c = this.competency(r.competencyId, lang);
    return {
      ...requestView(r),
      volunteerName: r.volunteerName,
      competencyName: c.name,
      rubric: c.rubric,
      evidence: (await this.repo.evidenceOf(r.volunteerId, r.competencyId)).map((e) =>
        this.evidenceView(e),
      ),
    };
  }

  async decide(user: SessionUser, id: string, input: DecisionInput) {
    await this.repo.transaction(async (m) => {
      const r = await this.repo.request(id, m, true);
      if (!r) throw new DomainError(ErrorCode.NotFound, 'There is no such sign-off request');
      const organizationId = await this.assertSupervises(user, r.volunteerId, m);
      if (r.status !== 'open')
        throw new DomainError(ErrorCode.Conflict, 'This request has already been decided');
      const c = this.competency(r.competencyId);
      this.checkDecision(
        c.rubric.map((x) => x.id),
        input,
      );
      const now = this.clock.now();
      const rested = (await this.repo.evidenceOf(r.volunteerId, r.competencyId, m)).map(
        (e) => e.id,
      );
      let observationId: string | null = null;
      let rating: RatingRow | undefined;
      if (input.decision === 'sign_off') {
        const [obs] = await this.evidence.append(
          [
            {
              volunteerId: r.volunteerId,
              competencyId: r.competencyId,
              source: 'observation',
              sourceRef: `signoff:${r.id}`,
              actorId: user.id,
              level: input.level,
              note: input.comment,
            },
          ],
          m,
        );
        observationId = obs.id;
        rating = (await this.sync(r.volunteerId, m, new Set([r.competencyId]))).find(
          (x) => x.competencyId === r.competencyId,
        );
        this.events.changed(m, [r.volunteerId]);
      }
      await this.repo.decide(m, r.id, {
        status: input.decision === 'sign_off' ? 'signed_off' : 'practice',
        by: user.id,
        at: now,
        level: input.level,
        scores: input.scores,
        comment: input.comment,
        practice: input.practice ?? null,
        observationId,
      });
      await this.audit.append(m, {
        organizationId,
        actor: `user:${user.id}`,
        action:
          input.decision === 'sign_off' ? 'competency.signed_off' : 'competency.practice_requested',
        subject: `signoff_request:${r.id}`,
        details: {
          volunteerId: r.volunteerId,
          competencyId: r.competencyId,
          level: input.level,
          rubric: input.scores,
          comment: input.comment,
          practice: input.practice ?? null,
          evidenceIds: rested,
          observationId,
          validUntil: rating?.validUntil ? new Date(rating.validUntil).toISOString() : null,
        },
      });
      const signed = input.decision === 'sign_off';
      // In the app and (unless the volunteer turned it off) by e-mail, in this same transaction, in
      // the volunteer's language.
      await this.notifications.notify(m, {
        userId: r.volunteerId,
        kind: signed ? 'signoff_decided' : 'practice_asked',
        says: (lang) => {
          const framework = this.content.framework(lang);
          const p = {
            code: c.id,
            name: framework.competencies.find((x) => x.id === c.id)?.name ?? c.name,
            by: user.name,
            level: framework.scale.find((x) => x.id === input.level)?.name ?? input.level,
            comment: input.comment,
            practice: input.practice ?? '',
          };
          return signed
            ? {
                title: say(lang, 'n.signedOff.title', p),
                body: say(lang, 'n.signedOff.body', p),
                mailText: say(lang, 'n.signedOff.mail', p),
              }
            : {
                title: say(lang, 'n.practice.title', p),
                body: say(lang, 'n.practice.body', p),
                mailText: say(lang, 'n.practice.mail', p),
              };
        },
        link: '/learn/competencies',
        mail: { kind: signed ? 'competency.signed_off' : 'competency.practice' },
      });
    });
    return requestView((await this.repo.request(id))!);
  }

  private checkDecision(criteria: string[], input: DecisionInput): void {
    const scale = this.framework.scale.map((s) => s.id);
    if (!scale.includes(input.level))
      throw invalid('level', `level must be one of ${scale.join(', ')}`);
    const missing = criteria.filter((k) => !input.scores[k]);
    if (missing.length)
      throw invalid(
        'scores',
        `scores needs a level for every rubric criterion (missing: ${missing.join(', ')})`,
      );
    const unknown = Object.keys(input.scores).filter((k) => !criteria.includes(k));
    if (unknown.length)
      throw invalid(
        'scores',
        `scores names criteria this rubric does not have: ${unknown.join(', ')}`,
      );
    const bad = Object.entries(input.scores).filter(([, v]) => !scale.includes(v));
    if (bad.length) throw invalid('scores', `each score must be one of ${scale.join(', ')}`);
    if (input.decision === 'practice' && !input.practice?.trim())
      throw invalid('practice', 'practice must say what to practice before the next request');
    if (input.decision === 'sign_off' && !isProficient(this.framework, input.level)) {
      throw invalid('level', 'signing off needs a proficient level; ask for more practice instead');
    }
  }

  /** Refuses unless the user supervises the volunteer; returns the organization of that cohort. */
  private async assertSupervises(
    user: SessionUser,
    volunteerId: string,
    m?: EntityManager,
  ): Promise<string> {
    if (user.id === volunteerId)
      throw new DomainError(
        ErrorCode.Forbidden,
        'You cannot review or sign off your own competencies',
      );
    const organizationId = await this.repo.supervisingOrganization(user.id, volunteerId, m);
    if (!organizationId)
      throw new DomainError(ErrorCode.Forbidden, 'This volunteer is not in your cohort');
    return organizationId;
  }

  private async notifySupervisors(
    m: EntityManager,
    volunteerId: string,
    competencyId: string,
    origin: 'volunteer' | 'auto',
  ): Promise<void> {
    const volunteer = await this.repo.person(volunteerId, m);
    const supervisors = await this.repo.supervisorsOf(volunteerId, m);
    for (const s of supervisors) {
      const lang = mailLangOf(s.locale, s.browserLocale);
      const c = this.competency(competencyId, lang);
      const params = { volunteer: volunteer?.name ?? '', competency: `${c.id} ${c.name}`, origin };
      await this.outbox.enqueue(
        {
          to: s.email,
          kind: 'competency.signoff_requested',
          subject: say(lang, 'comp.signoffRequested.subject', params),
          text: `${say(lang, 'mail.greeting', { name: s.name })}\n\n${say(lang, 'comp.signoffRequested.text', params)}\n`,
        },
        m,
      );
    }
  }

  // ---- cohorts

  async assign(
    user: SessionUser,
    input: { organizationId: string; supervisorId: string; volunteerId: string },
  ) {
    if (!hasRole(user, 'coordinator', input.organizationId))
      throw new DomainError(ErrorCode.Forbidden, 'You coordinate a different organization');
    if (!(await this.repo.hasMembership(input.supervisorId, input.organizationId, 'supervisor')))
      throw invalid('supervisorId', 'supervisorId must be a supervisor of this organization');
    if (!(await this.repo.hasMembership(input.volunteerId, input.organizationId, 'volunteer')))
      throw invalid('volunteerId', 'volunteerId must be a volunteer of this organization');
    if (input.supervisorId === input.volunteerId)
      throw invalid('supervisorId', 'a person cannot supervise themselves');
    await this.repo.assign(input.organizationId, input.supervisorId, input.volunteerId, user.id);
    return this.assignments(user);
  }

  assignments(user: SessionUser) {
    return this.repo.assignments(orgsWithRole(user, 'coordinator'));
  }

  /** The cohort matrix: the supervisor's volunteers × competencies, with levels and expiry. */
  async cohort(user: SessionUser, lang: Lang = 'en') {
    const [people, ratings] = await Promise.all([
      this.repo.cohort(user.id),
      this.repo.cohortRatings(user.id),
    ]);
    const now = this.clock.now().getTime();
    const key = (v: string, c: string) => `${v}|${c}`;
    const byKey = new Map(ratings.map((r) => [key(r.volunteerId, r.competencyId), r]));
    const lowest = this.framework.scale[0].id;
    return {
      competencies: this.frameworkIn(lang).competencies.map((c) => ({ id: c.id, name: c.name })),
      volunteers: people.map((p) => ({
        id: p.id,
        name: p.name,
        cells: this.framework.competencies.map((c) => {
          const r = byKey.get(key(p.id, c.id));
          const until = r?.validUntilMs ?? null;
          return {
            competencyId: c.id,
            level: r?.level ?? lowest,
            status: r?.status ?? 'current',
            validUntil: until ? new Date(until).toISOString() : null,
            expiringSoon:
              until !== null &&
              r?.status === 'current' &&
              until - now <= EXPIRING_SOON_DAYS * DAY_MS,
          };
        }),
      })),
    };
  }

  async cohortCsv(user: SessionUser, lang: Lang = 'en'): Promise<string> {
    const m = await this.cohort(user, lang);
    const levels = new Map(this.content.framework(lang).scale.map((l) => [l.id, l.name]));
    const rows = [[say(lang, 'csv.volunteer'), ...m.competencies.map((c) => c.id)]];
    for (const v of m.volunteers) {
      rows.push([
        v.name,
        ...v.cells.map((c) => {
          const level = c.level ? (levels.get(c.level) ?? c.level) : '';
          return c.status === 'expired'
            ? say(lang, 'csv.levelExpired', { level })
            : c.validUntil
              ? say(lang, 'csv.levelUntil', { level, day: c.validUntil.slice(0, 10) })
              : level;
        }),
      ]);
    }
    return toCsv(rows);
  }

  async program(user: SessionUser, lang: Lang = 'en') {
    const orgs = orgsWithRole(user, 'coordinator');
    const now = this.clock.now();
    const [counts, turnaround, expiring] = await Promise.all([
      this.repo.programCounts(orgs),
      this.repo.turnaround(orgs),
      this.repo.expiringByMonth(orgs, now),
    ]);
    const levels = this.frameworkIn(lang).scale.map((s) => ({
      level: s.id,
      name: s.name,
      n: counts
        .filter((c) => c.level === s.id && c.status === 'current')
        .reduce((a, c) => a + c.n, 0),
    }));
    const expired = counts.filter((c) => c.status === 'expired').reduce((a, c) => a + c.n, 0);
    const months = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
      const month = d.toISOString().slice(0, 7);
      return { month, n: expiring.find((e) => e.month === month)?.n ?? 0 };
    });
    return { levels, expired, turnaround, expiringByMonth: months };
  }

  // ---- supervision log

  async addSession(
    user: SessionUser,
    input: {
      volunteerId: string;
      kind: 'session' | 'debrief';
      heldOn: string;
      topics: string[];
      wellbeing: number;
      privateNotes?: string;
    },
    /** the caller's transaction, when the session is part of a larger write (a debrief marked held) */
    m?: EntityManager,
  ) {
    await this.assertSupervises(user, input.volunteerId, m);
    const id = await this.repo.addSession(
      {
        supervisorId: user.id,
        volunteerId: input.volunteerId,
        kind: input.kind,
        heldOn: input.heldOn,
        topics: input.topics,
        wellbeing: input.wellbeing,
        privateNotes: input.privateNotes ?? '',
      },
      m,
    );
    return { id };
  }

  /**
   * Supervision sessions and their private notes are visible only to the two people in them: the volunteer
   * sees their own; a supervisor sees the sessions they held with a volunteer of their cohort. Nobody else.
   */
  async sessions(user: SessionUser, volunteerId: string) {
    if (user.id === volunteerId) return this.repo.sessions(volunteerId, null);
    await this.assertSupervises(user, volunteerId);
    return this.repo.sessions(volunteerId, user.id);
  }

  /**
   * A volunteer's evidence, newest first, for a supervisor of their cohort (the supervisor's view of the
   * volunteer): what the checks, drills and sign-offs recorded, one row per competency.
   */
  async volunteerEvidence(user: SessionUser, volunteerId: string, lang: Lang = 'en') {
    await this.assertSupervises(user, volunteerId);
    const rows = await this.repo.evidenceOf(volunteerId, null);
    return rows.reverse().map((e) => ({
      ...this.evidenceView(e),
      competencyId: e.competencyId,
      competencyName: this.content.competency(e.competencyId, lang)?.name ?? e.competencyId,
    }));
  }

  async volunteerName(user: SessionUser, volunteerId: string): Promise<string> {
    if (user.id !== volunteerId) await this.assertSupervises(user, volunteerId);
    return (await this.repo.person(volunteerId))?.name ?? '';
  }
}

function same(a: RatingRow, b: RatingRow): boolean {
  const t = (d: Date | null) => (d ? new Date(d).getTime() : null);
  return (
    a.level === b.level &&
    a.status === b.status &&
    t(a.validUntil) === t(b.validUntil) &&
    a.signedOffBy === b.signedOffBy &&
    [...a.evidenceIds].join() === [...b.evidenceIds].join()
  );
}

function requestView(r: {
  id: string;
  volunteerId: string;
  competencyId: string;
  origin: string;
  status: string;
  reflection: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  level: string | null;
  scores: Record<string, string> | null;
  comment: string | null;
  practice: string | null;
}) {
  return {
    id: r.id,
    volunteerId: r.volunteerId,
    competencyId: r.competencyId,
    origin: r.origin as 'volunteer' | 'auto',
    status: r.status as 'open' | 'practice' | 'signed_off',
    reflection: r.reflection,
    createdAt: new Date(r.createdAt).toISOString(),
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
    level: r.level,
    scores: r.scores,
    comment: r.comment,
    practice: r.practice,
  };
}

function evidenceView(e: EvidenceWithSubject, subject: string | null) {
  return {
    id: e.id,
    subject,
    actorName: e.actorName,
    source: e.source,
    level: e.level,
    grade: e.grade,
    note: e.note,
    link: e.link,
    sourceRef: e.sourceRef,
    correctsId: e.correctsId,
    createdAt: new Date(e.createdAt).toISOString(),
  };
}
