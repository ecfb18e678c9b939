import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  decideAutomatic,
  evaluateEligibility,
  type AutomaticDecision,
  type Eligibility,
  type Program,
  type VolunteerFacts,
} from '@kindred/certificates';
import { Clock } from '../common/clock.js';
import type { Lang } from '../common/i18n.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ContentService } from '../content/content.service.js';
import { EvidenceEvents } from '../evidence/evidence-events.js';
import { EligibilityRepository, type HeldRow } from './eligibility.repository.js';
import { IssuanceService } from './issuance.service.js';
import { ProgramsService } from './programs.service.js';

export interface ProgramEvaluation {
  program: Program;
  eligibility: Eligibility;
  held?: HeldRow;
  pendingRequest: boolean;
}

export type EligibilityOutcome =
  | { program: string; result: 'issued'; credentialId: string; renewal: boolean }
  | { program: string; result: 'requested'; requestId: string; renewal: boolean }
  | {
      program: string;
      result: 'none';
      why:
        | Extract<AutomaticDecision, { action: 'none' }>['why']
        | 'conflict'
        | 'no_organization'
        | 'nothing_to_renew';
    };

/**
 * Automatic issuance: judges a volunteer's facts against every program and, when one is met, issues it
 * through the normal path (a co-issued program gets a request for the university instead). Runs after
 * new evidence or a sign-off of the volunteer, and for everyone in the nightly sweep. Safe to run any
 * number of times, at once too: the database allows one current certificate and one pending request per
 * volunteer and program, and a renewal needs sign-offs newer than the certificate it replaces.
 */
@Injectable()
export class EligibilityService implements OnModuleInit {
  private readonly logger = new Logger('Eligibility');

  constructor(
    private readonly repo: EligibilityRepository,
    private readonly programs: ProgramsService,
    private readonly issuance: IssuanceService,
    private readonly content: ContentService,
    private readonly events: EvidenceEvents,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on((volunteerId) => this.runFor(volunteerId));
  }

  /** Where automatic certificates point their links: PUBLIC_URL, or the local address `pnpm start` prints. */
  get baseUrl(): string {
    return this.config.publicOrigin;
  }

  async facts(volunteerId: string): Promise<VolunteerFacts> {
    const [modules, passedDrills, ratings] = await Promise.all([
      this.repo.completedModules(volunteerId),
      this.repo.passedDrills(volunteerId),
      this.repo.ratings(volunteerId),
    ]);
    const completedCourses = this.content.catalog.courses
      .filter((c) => c.modules.length > 0 && c.modules.every((m) => modules.has(m.id)))
      .map((c) => c.slug);
    return { completedCourses, passedDrills, ratings };
  }

  /** Every program judged against the volunteer's facts now, with what they hold of it. */
  async evaluate(volunteerId: string, facts?: VolunteerFacts): Promise<ProgramEvaluation[]> {
    const f = facts ?? (await this.facts(volunteerId));
    const now = this.clock.now();
    const scale = this.content.catalog.framework.scale.map((s) => s.id);
    return Promise.all(
      this.programs.list().map(async (program) => {
        const [held, requests] = await Promise.all([
          this.repo.held(volunteerId, program.slug),
          this.repo.requests(volunteerId, program.slug),
        ]);
        return {
          program,
          eligibility: evaluateEligibility(program, f, now, scale),
          held,
          pendingRequest: requests.pending,
        };
      }),
    );
  }

  /**
   * The requirements of one program the volunteer does not meet now, by name (for issuing by hand): in
   * English for the audit log, and in `lang` for the person issuing.
   */
  async unmet(
    volunteerId: string,
    programSlug: string,
    lang: Lang = 'en',
  ): Promise<{ english: string[]; said: string[] }> {
    const program = this.programs.get(programSlug);
    if (!program) return { english: [], said: [] };
    const { catalog } = this.content;
    const scale = catalog.framework.scale.map((s) => s.id);
    const result = evaluateEligibility(
      program,
      await this.facts(volunteerId),
      this.clock.now(),
      scale,
    );
    const names = (l: Lang) => {
      const framework = this.content.framework(l);
      return result.missing.map((c) => {
        if (c.kind === 'course') {
          const course = catalog.courses.find((x) => x.slug === c.id);
          return course ? (course.translations[l]?.title ?? course.title) : c.id;
        }
        if (c.kind === 'drill') return this.content.drillTitle(c.id, l) ?? c.id;
        return `${c.id} ${framework.competencies.find((x) => x.id === c.id)?.name ?? ''}`.trim();
      });
    };
    return { english: names('en'), said: names(lang) };
  }

  /**
   * A pathway's renewal route was completed (CE, hours, supervision: the pathway's rules, not the program's
   * re-sign-off rule): the program's current certificate is renewed through the normal path; the old one is
   * superseded, not revoked. Nothing happens without a current, active certificate to renew.
   */
  async renewForPathway(volunteerId: string, programSlug: string): Promise<EligibilityOutcome> {
    const held = await this.repo.held(volunteerId, programSlug);
    if (!held || held.state !== 'active')
      return { program: programSlug, result: 'none', why: 'nothing_to_renew' };
    const organizationId = await this.repo.programOrganizationOf(volunteerId);
    if (!organizationId) return { program: programSlug, result: 'none', why: 'no_organization' };
    try {
      const result = await this.issuance.requestProgramCertificate(
        'system',
        organizationId,
        volunteerId,
        programSlug,
        this.baseUrl,
        { automatic: 'renew', replaces: held.id },
      );
      this.logger.log(`${programSlug}: renewed on the pathway's renewal route for ${volunteerId}`);
      return result.state === 'issued'
        ? {
            program: programSlug,
            result: 'issued',
            credentialId: String(result.credential.id),
            renewal: true,
          }
        : { program: programSlug, result: 'requested', requestId: result.requestId, renewal: true };
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.Conflict)
        return { program: programSlug, result: 'none', why: 'conflict' };
      throw e;
    }
  }

  /** Issues (or requests) what the volunteer has become eligible for, renewals included. */
  async runFor(volunteerId: string): Promise<EligibilityOutcome[]> {
    const organizationId = await this.repo.programOrganizationOf(volunteerId);
    const facts = await this.facts(volunteerId);
    const now = this.clock.now();
    const scale = this.content.catalog.framework.scale.map((s) => s.id);
    const out: EligibilityOutcome[] = [];
    for (const program of this.programs.list()) {
      const eligibility = evaluateEligibility(program, facts, now, scale);
      if (!eligibility.met) {
        out.push({ program: program.slug, result: 'none', why: 'not_met' });
        continue;
      }
      const [held, requests] = await Promise.all([
        this.repo.held(volunteerId, program.slug),
        this.repo.requests(volunteerId, program.slug),
      ]);
      const decision = decideAutomatic(
        program,
        eligibility,
        { current: held, pendingRequest: requests.pending, declinedAt: requests.declinedAt },
        facts,
        now,
      );
      if (decision.action === 'none') {
        out.push({ program: program.slug, result: 'none', why: decision.why });
        continue;
      }
      if (!organizationId) {
        out.push({ program: program.slug, result: 'none', why: 'no_organization' });
        continue;
      }
      const automatic = decision.action === 'renew' ? 'renew' : decision.why;
      try {
        const result = await this.issuance.requestProgramCertificate(
          'system',
          organizationId,
          volunteerId,
          program.slug,
          this.baseUrl,
          { automatic, replaces: held?.id ?? null },
        );
        const renewal = Boolean(held);
        if (result.state === 'issued')
          out.push({
            program: program.slug,
            result: 'issued',
            credentialId: String(result.credential.id),
            renewal,
          });
        else
          out.push({
            program: program.slug,
            result: 'requested',
            requestId: result.requestId,
            renewal,
          });
        this.logger.log(
          `${program.slug}: ${result.state === 'issued' ? 'issued' : 'requested from the co-issuer'} for ${volunteerId} (${automatic})`,
        );
      } catch (e) {
        // another run got there first (a sweep and a sign-off at once): the database kept it to one
        if (e instanceof DomainError && e.code === ErrorCode.Conflict)
          out.push({ program: program.slug, result: 'none', why: 'conflict' });
        else throw e;
      }
    }
    return out;
  }
}
