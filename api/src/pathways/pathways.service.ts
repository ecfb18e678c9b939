import type { Lang } from '../common/i18n.js';
import { Injectable, Logger } from '@nestjs/common';
import {
  dateOfDay,
  dayOf,
  evaluatePathway,
  type CheckItem,
  type Pathway,
  type PathwayState,
  type Progress,
} from '@kindred/certificates';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { toCsv } from '../common/csv.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { orgsWithRole, type SessionUser } from '../common/session-user.js';
import { ContentService } from '../content/content.service.js';
import type {
  PathwayChecklistItemDto,
  PathwayOverviewDto,
  PathwayPersonDto,
  PathwayViewDto,
  PathwayProgressDto,
} from './pathways.dto.js';
import type { HolderStatus } from '../certificates/certificates.service.js';
import { EligibilityService } from '../certificates/eligibility.service.js';
import { PathwayDefinitions } from './pathway-definitions.js';
import { PathwaysRepository, type Snapshot, type Volunteer } from './pathways.repository.js';

/** A deadline or a renewal closing within this many days puts a volunteer on the coordinator's "close to a deadline" list. */
export const CLOSE_DAYS = 60;
const BATCH = 1000;

const iso = (d: number | null | undefined) => (d === null || d === undefined ? null : dateOfDay(d));

export interface Change {
  userId: string;
  organizationId: string | null;
  actions: {
    action: 'pathway.stage_changed' | 'pathway.lapsed' | 'pathway.renewed';
    details: Record<string, unknown>;
  }[];
}

/** What changed between the last snapshot and the derived state: each becomes an audit line. */
export function changesOf(
  pathway: string,
  before: Snapshot | undefined,
  s: PathwayState,
): Change['actions'] {
  const out: Change['actions'] = [];
  const since = dateOfDay(s.since);
  if ((before?.stageId ?? null) !== s.stageId && (before || s.stageIndex > 0)) {
    out.push({
      action: 'pathway.stage_changed',
      details: { pathway, from: before?.stageId ?? null, to: s.stageId, since },
    });
  }
  if (s.status === 'lapsed' && before?.status !== 'lapsed') {
    out.push({
      action: 'pathway.lapsed',
      details: {
        pathway,
        stage: s.stageId,
        reason: s.lapse!.reason,
        since: dateOfDay(s.lapse!.since),
        wayBack: s.lapse!.wayBack,
      },
    });
  }
  const renewals = s.renewal?.renewals ?? 0;
  if (renewals > (before?.renewals ?? 0)) {
    out.push({
      action: 'pathway.renewed',
      details: {
        pathway,
        stage: s.renewal!.stageId,
        validUntil: dateOfDay(s.renewal!.validUntil),
        renewals,
      },
    });
  }
  return out;
}

/** Derived stages: the volunteer's checklist, the coordinator's overview and CSV, the public stage answer, and the audited snapshots. */
@Injectable()
export class PathwaysService {
  private readonly logger = new Logger('Pathways');

  constructor(
    private readonly defs: PathwayDefinitions,
    private readonly repo: PathwaysRepository,
    private readonly content: ContentService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly eligibility: EligibilityService,
  ) {}

  today(): number {
    return dayOf(this.clock.now());
  }

  evaluate(
    pathway: Pathway,
    facts: Parameters<typeof evaluatePathway>[1],
    today = this.today(),
  ): PathwayState {
    return evaluatePathway(pathway, facts, today, { levels: this.defs.levels });
  }

  // ---- the volunteer ---------------------------------------------------------------------------

  async mine(user: SessionUser, lang: Lang = 'en'): Promise<PathwayViewDto[]> {
    const me = await this.repo.volunteer(user.id);
    if (!me) throw new DomainError(ErrorCode.NotFound, 'There is no such person');
    const facts = (await this.repo.facts([me])).get(me.id)!;
    const today = this.today();
    const states = this.defs
      .list()
      .map((p) => ({ pathway: p, state: this.evaluate(p, facts, today) }));
    // Seeing one's own pathway records what changed since the last sweep, so the audit log keeps up.
    await this.record([{ volunteer: me, states: states.map((s) => s.state) }]);
    return states.map(({ pathway, state }) => this.view(pathway, state, today, lang));
  }

  private view(p: Pathway, s: PathwayState, today: number, lang: Lang): PathwayViewDto {
    const reachedOn = new Map(
      s.events.filter((e) => e.kind === 'reached').map((e) => [e.stageId, e.on]),
    );
    const tr = p.translations[lang];
    const stageName = (id: string, name: string) => tr?.stages?.[id] ?? name;
    return {
      pathway: {
        slug: p.slug,
        name: tr?.name ?? p.name,
        description: tr?.description ?? p.description,
      },
      stage: { id: s.stageId, name: stageName(s.stageId, s.stageName) },
      since: dateOfDay(s.since),
      status: s.status,
      lapse: s.lapse
        ? {
            since: dateOfDay(s.lapse.since),
            reason: s.lapse.reason,
            wayBack: s.lapse.wayBack,
            until: iso(s.lapse.until),
          }
        : null,
      next: s.next
        ? {
            stageId: s.next.stageId,
            name: stageName(s.next.stageId, s.next.name),
            deadline: iso(s.next.deadline),
            daysLeft: s.next.deadline === null ? null : s.next.deadline - today,
            ...this.progress(p, s.next, lang),
          }
        : null,
      renewal: s.renewal
        ? {
            stageId: s.renewal.stageId,
            validUntil: dateOfDay(s.renewal.validUntil),
            opensOn: dateOfDay(s.renewal.opensOn),
            closesOn: dateOfDay(s.renewal.closesOn),
            window: s.renewal.window,
            renewals: s.renewal.renewals,
            ...this.progress(p, s.renewal, lang),
            fullRoute: s.renewal.fullRoute ? this.progress(p, s.renewal.fullRoute, lang) : null,
          }
        : null,
      stages: p.stages.map((st, i) => ({
        id: st.id,
        name: stageName(st.id, st.name),
        reached: i <= s.stageIndex,
        on: iso(i <= s.stageIndex ? reachedOn.get(st.id) : null),
      })),
      events: s.events.map((e) => ({ on: dateOfDay(e.on), kind: e.kind, stageId: e.stageId })),
    };
  }

  private progress(p: Pathway, pr: Progress, lang: Lang): PathwayProgressDto {
    return {
      countedFrom: dateOfDay(pr.countedFrom),
      missing: pr.missing,
      items: pr.items.map((i) => this.item(p, i, lang)),
    };
  }

  private item(p: Pathway, i: CheckItem, lang: Lang): PathwayChecklistItemDto {
    const cat = (list: { id: string; label: string }[]) =>
      i.ref ? (list.find((c) => c.id === i.ref)?.label ?? i.ref) : null;
    const label =
      i.kind === 'course'
        ? (this.content.course(i.ref!)?.translations[lang]?.title ??
          this.content.course(i.ref!)?.title ??
          i.ref!)
        : i.kind === 'drill'
          ? (this.content.drillTitle(i.ref!, lang) ?? i.ref!)
          : i.kind === 'competency'
            ? `${i.ref} ${this.content.competency(i.ref!, lang)?.name ?? ''}`.trim()
            : i.kind === 'practice_hours'
              ? cat(p.practiceCategories)
              : i.kind === 'ce_hours'
                ? cat(p.ceCategories)
                : null;
    return {
      kind: i.kind,
      ref: i.ref,
      label,
      level: i.level ?? null,
      have: i.have,
      need: i.need,
      met: i.met,
    };
  }

  // ---- coordinators ----------------------------------------------------------------------------

  async overview(user: SessionUser): Promise<PathwayOverviewDto[]> {
    const orgs = orgsWithRole(user, 'coordinator');
    const today = this.today();
    const people = await this.repo.volunteers(orgs);
    const [facts, awaiting] = await Promise.all([
      this.repo.facts(people),
      this.repo.awaitingVerification(people.map((v) => v.id)),
    ]);
    return this.defs.list().map((p) => {
      const rows = people.map((v) =>
        this.person(
          p,
          v,
          this.evaluate(p, facts.get(v.id)!, today),
          today,
          awaiting.get(v.id) ?? 0,
        ),
      );
      const statuses = { trainee: 0, provisional: 0, current: 0, renewed: 0, lapsed: 0 };
      for (const r of rows) statuses[r.status]++;
      return {
        pathway: { slug: p.slug, name: p.name, description: p.description },
        today: dateOfDay(today),
        stages: p.stages.map((st) => ({
          id: st.id,
          name: st.name,
          count: rows.filter((r) => r.stageId === st.id).length,
        })),
        statuses,
        people: rows,
        closeToDeadline: rows
          .filter((r) => r.daysLeft !== null && r.daysLeft >= 0 && r.daysLeft <= CLOSE_DAYS)
          .sort((a, b) => a.daysLeft! - b.daysLeft!),
        awaitingVerification: {
          people: rows.filter((r) => r.awaitingHours > 0).length,
          hours: Math.round(rows.reduce((a, r) => a + r.awaitingHours, 0) * 100) / 100,
        },
      };
    });
  }

  private person(
    p: Pathway,
    v: Volunteer,
    s: PathwayState,
    today: number,
    awaitingHours: number,
  ): PathwayPersonDto {
    // the date that matters next: the short route closing, the credential's expiry once the window is open, or the next stage's deadline
    const r = s.renewal;
    const deadline =
      r && r.window === 'grace'
        ? r.closesOn
        : r && r.window === 'open'
          ? r.validUntil
          : !s.lapse && s.next?.deadline != null
            ? s.next.deadline
            : null;
    return {
      userId: v.id,
      name: v.name,
      email: v.email,
      stageId: s.stageId,
      stageName: s.stageName,
      status: s.status,
      since: dateOfDay(s.since),
      nextStage: s.next?.name ?? null,
      deadline: iso(deadline),
      daysLeft: deadline === null ? null : deadline - today,
      validUntil: iso(r?.validUntil),
      renewalWindow: r?.window ?? null,
      missing: s.missing,
      awaitingHours,
    };
  }

  async csv(user: SessionUser): Promise<string> {
    const rows = [
      [
        'pathway',
        'name',
        'email',
        'stage',
        'status',
        'since',
        'next_stage',
        'deadline',
        'days_left',
        'valid_until',
        'renewal_window',
        'missing',
        'hours_awaiting_verification',
      ],
    ];
    for (const o of await this.overview(user)) {
      for (const r of o.people) {
        rows.push([
          o.pathway.slug,
          r.name,
          r.email,
          r.stageId,
          r.status,
          r.since,
          r.nextStage ?? '',
          r.deadline ?? '',
          r.daysLeft?.toString() ?? '',
          r.validUntil ?? '',
          r.renewalWindow ?? '',
          String(r.missing),
          String(r.awaitingHours),
        ]);
      }
    }
    return toCsv(rows);
  }

  // ---- the public ------------------------------------------------------------------------------

  /** For the verification answer: the holder's status on the pathway the certificate's program belongs to, and nothing else. */
  async holderStatus(credentialUuid: string, lang: Lang = 'en'): Promise<HolderStatus | null> {
    const row = await this.repo.credentialHolder(credentialUuid);
    if (!row?.holderUserId || !row.programSlug) return null;
    const found = this.defs.forProgram(row.programSlug);
    const holder = found && (await this.repo.volunteer(row.holderUserId));
    if (!found || !holder) return null;
    const today = this.today();
    const s = this.evaluate(
      found.pathway,
      (await this.repo.facts([holder])).get(holder.id)!,
      today,
    );
    // the pathway's and the stage's names in the reader's language, where the pathway is translated
    const tr = found.pathway.translations[lang];
    return {
      pathway: tr?.name ?? found.pathway.name,
      stage: tr?.stages?.[s.stageId] ?? s.stageName,
      status: s.status,
      asOf: dateOfDay(today),
    };
  }

  // ---- snapshots and the audit log ------------------------------------------------------------

  /** Compares derived states with the stored snapshots; writes each change to the audit log and the new snapshots, in one transaction. Returns the number of changes. */
  async record(batch: { volunteer: Volunteer; states: PathwayState[] }[]): Promise<number> {
    const now = this.clock.now();
    const renewals: { userId: string; program: string }[] = [];
    const count = await this.repo.transaction(async (m) => {
      const lines: AuditInput[] = [];
      const snapshots: { userId: string; organizationId: string | null; state: PathwayState }[] =
        [];
      for (const p of this.defs.list()) {
        const before = await this.repo.snapshots(
          m,
          p.slug,
          batch.map((b) => b.volunteer.id),
        );
        for (const { volunteer, states } of batch) {
          const s = states.find((x) => x.pathway === p.slug)!;
          const prev = before.get(volunteer.id);
          const actions = changesOf(p.slug, prev, s);
          const same =
            prev &&
            !actions.length &&
            prev.status === s.status &&
            prev.since === s.since &&
            prev.renewalWindow === (s.renewal?.window ?? null) &&
            prev.validUntil === (s.renewal?.validUntil ?? null);
          if (same) continue;
          const organizationId = volunteer.organizationId ?? null;
          for (const a of actions)
            lines.push({
              organizationId,
              actor: 'system',
              action: a.action,
              subject: `user:${volunteer.id}`,
              details: a.details,
            });
          const program = actions.some((a) => a.action === 'pathway.renewed')
            ? p.stages.find((st) => st.id === s.renewal?.stageId)?.program
            : undefined;
          if (program) renewals.push({ userId: volunteer.id, program });
          snapshots.push({ userId: volunteer.id, organizationId, state: s });
        }
      }
      await this.audit.appendMany(m, lines);
      await this.repo.saveSnapshots(m, snapshots, now);
      return lines.length;
    });
    // Renewal issues a new credential (the old one superseded), after the stage change is committed; a failure
    // is logged and the next sweep does not repeat the renewal record, so it is said loudly.
    for (const r of renewals) {
      await this.eligibility
        .renewForPathway(r.userId, r.program)
        .catch((e: unknown) =>
          this.logger.error(
            `renewing ${r.program} for ${r.userId} failed: ${(e as Error).message}`,
          ),
        );
    }
    return count;
  }

  /** The nightly sweep's unit of work: facts and states for a page of volunteers. */
  async evaluateBatch(
    people: Volunteer[],
    today = this.today(),
  ): Promise<{ volunteer: Volunteer; states: PathwayState[] }[]> {
    const facts = await this.repo.facts(people);
    return people.map((v) => ({
      volunteer: v,
      states: this.defs.list().map((p) => this.evaluate(p, facts.get(v.id)!, today)),
    }));
  }

  static readonly BATCH = BATCH;
}
