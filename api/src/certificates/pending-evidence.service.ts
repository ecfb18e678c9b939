import { Injectable } from '@nestjs/common';
import { evaluateEligibility, textIn, type RatingFact } from '@kindred/certificates';
import { Clock } from '../common/clock.js';
import type { Lang } from '../common/i18n.js';
import { ContentService } from '../content/content.service.js';
import { EligibilityRepository } from './eligibility.repository.js';
import { ProgramsService } from './programs.service.js';

/** One requirement of the program and the evidence that meets it (or why it does not). */
export interface EvidenceRow {
  kind: 'course' | 'drill' | 'competency';
  id: string;
  name: string;
  met: boolean;
  reason: 'course' | 'drill' | 'level' | 'signoff' | 'expired' | null;
  /** competencies: the level asked for and the level held (the scale's names) */
  required: string | null;
  level: string | null;
  /** course completed, drill passed (latest), competency signed off */
  at: string | null;
  /** competencies: the supervisor who signed it off */
  by: string | null;
  /** drills: the score of that pass, e.g. "8 of 10" */
  detail: string | null;
  validUntil: string | null;
}

export interface NotableRow {
  kind: 'revoked' | 'suspended' | 'expired' | 'declined' | 'lapsed' | 'signoff_expired';
  at: string | null;
  /** what it concerns: a certificate's or competency's name, a pathway */
  subject: string;
  /** a declined request: the university's own reason */
  detail: string | null;
}

export interface PendingEvidence {
  met: boolean;
  done: number;
  total: number;
  requirements: EvidenceRow[];
  notable: NotableRow[];
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/**
 * What a university needs to decide a co-issued request: the program's requirements, the evidence behind
 * each (when a course was completed, the passing drill and its score, who signed each competency off and
 * when), and what stands out in the person's record (a revoked or suspended certificate, a lapse, an
 * earlier decline). Only called for requests the caller's university co-issues (CertificatesService).
 * Gathered for every holder at once, so a long queue is a handful of queries.
 */
@Injectable()
export class PendingEvidenceService {
  constructor(
    private readonly repo: EligibilityRepository,
    private readonly content: ContentService,
    private readonly programs: ProgramsService,
    private readonly clock: Clock,
  ) {}

  async forRequests(
    requests: {
      id: string;
      holderUserId: string;
      programSlug: string;
      coIssuerOrganizationId: string;
    }[],
    /** the names of programs, courses, drills, competencies and levels are in the viewer's language */
    lang: Lang = 'en',
  ): Promise<Map<string, PendingEvidence>> {
    const out = new Map<string, PendingEvidence>();
    if (requests.length === 0) return out;
    const holders = [...new Set(requests.map((r) => r.holderUserId))];
    const [modules, drills, ratings, credentials, declined, lapses] = await this.repo.recordsOf(
      holders,
      this.clock.now(),
    );

    const { catalog } = this.content;
    const framework = this.content.framework(lang);
    const levelName = (id: string | null | undefined) =>
      id ? (framework.scale.find((s) => s.id === id)?.name ?? id) : null;
    const competencyName = (id: string) =>
      framework.competencies.find((c) => c.id === id)?.name ?? id;
    const programName = (slug: string) => {
      const p = this.programs.get(slug);
      return p ? (p.translations[lang]?.name ?? p.name) : slug;
    };
    const courseTitle = (slug: string) => {
      const c = catalog.courses.find((x) => x.slug === slug);
      return c ? (c.translations[lang]?.title ?? c.title) : slug;
    };
    const now = this.clock.now();
    const scale = catalog.framework.scale.map((s) => s.id);

    for (const request of requests) {
      const user = request.holderUserId;
      const done = new Map(
        modules.filter((m) => m.user_id === user).map((m) => [m.module_id, m.completed_at]),
      );
      const courseDone = new Map<string, Date | null>();
      for (const course of catalog.courses) {
        if (course.modules.length === 0 || !course.modules.every((m) => done.has(m.id))) continue;
        const dates = course.modules.map((m) => done.get(m.id)).filter((d): d is Date => !!d);
        courseDone.set(
          course.slug,
          dates.length ? new Date(Math.max(...dates.map((d) => new Date(d).getTime()))) : null,
        );
      }
      const passed = new Map(
        drills.filter((d) => d.volunteer_id === user).map((d) => [d.drill_id, d]),
      );
      const mine = ratings.filter((r) => r.volunteer_id === user);
      const facts: RatingFact[] = mine.map((r) => ({
        competencyId: r.competency_id,
        level: r.level,
        status: r.status,
        signedOffBy: r.signed_off_by,
        signedOffAt: r.signed_off_at ? new Date(r.signed_off_at) : null,
        validUntil: r.valid_until ? new Date(r.valid_until) : null,
      }));
      const program = this.programs.get(request.programSlug);
      if (!program) continue;
      const eligibility = evaluateEligibility(
        program,
        { completedCourses: courseDone.keys(), passedDrills: passed.keys(), ratings: facts },
        now,
        scale,
      );
      const requirements: EvidenceRow[] = eligibility.checks.map((c) => {
        const base = {
          kind: c.kind,
          id: c.id,
          met: c.met,
          reason: c.reason ?? null,
          required: null as string | null,
          level: null as string | null,
          at: null as string | null,
          by: null as string | null,
          detail: null as string | null,
          validUntil: null as string | null,
        };
        if (c.kind === 'course')
          return {
            ...base,
            name: courseTitle(c.id),
            at: iso(courseDone.get(c.id)),
          };
        if (c.kind === 'drill') {
          const d = passed.get(c.id);
          return {
            ...base,
            name: this.content.drillTitle(c.id, lang) ?? c.id,
            at: iso(d?.finished_at),
            detail: d ? `${d.score} ${lang === 'es' ? 'de' : 'of'} ${d.max_score}` : null,
          };
        }
        const r = mine.find((x) => x.competency_id === c.id);
        return {
          ...base,
          name: `${c.id} ${competencyName(c.id)}`,
          required: levelName(c.required),
          level: levelName(c.level),
          at: iso(r?.signed_off_at),
          by: r?.signer_name ?? null,
          validUntil: c.validUntil ? c.validUntil.toISOString() : null,
        };
      });

      const notable: NotableRow[] = [];
      for (const c of credentials.filter((x) => x.holder_user_id === user)) {
        const subject = c.program_slug ? programName(c.program_slug) : (textIn(c.name, lang) ?? '');
        if (c.state === 'revoked' || c.state === 'suspended')
          notable.push({ kind: c.state, at: iso(c.state_changed_at), subject, detail: null });
        else notable.push({ kind: 'expired', at: iso(c.valid_until), subject, detail: null });
      }
      // earlier declines by the same university (another university's reasons are its own)
      for (const d of declined.filter(
        (x) =>
          x.holder_user_id === user &&
          x.co_issuer_organization_id === request.coIssuerOrganizationId,
      ))
        notable.push({
          kind: 'declined',
          at: iso(d.decided_at),
          subject: programName(d.program_slug),
          detail: d.reason,
        });
      for (const l of lapses.filter((x) => x.user_id === user))
        notable.push({ kind: 'lapsed', at: iso(l.since), subject: l.pathway_slug, detail: null });
      for (const r of mine)
        if (
          r.signed_off_at &&
          (r.status === 'expired' || (r.valid_until && new Date(r.valid_until) <= now))
        )
          notable.push({
            kind: 'signoff_expired',
            at: iso(r.valid_until),
            subject: `${r.competency_id} ${competencyName(r.competency_id)}`,
            detail: null,
          });

      out.set(request.id, {
        met: eligibility.met,
        done: eligibility.done,
        total: eligibility.total,
        requirements,
        notable,
      });
    }
    return out;
  }
}
