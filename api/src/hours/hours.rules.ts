import type { Lang } from '../common/i18n.js';
import { Injectable } from '@nestjs/common';
import {
  dateOfDay,
  type CheckItem,
  type Pathway,
  type Progress,
  type Quota,
} from '@kindred/certificates';
import { PathwayDefinitions } from '../pathways/pathway-definitions.js';
import { PathwaysRepository } from '../pathways/pathways.repository.js';
import { PathwaysService } from '../pathways/pathways.service.js';
import {
  CE_CATEGORIES,
  DEFAULT_CE_QUOTAS,
  DEFAULT_PRACTICE_QUOTAS,
  DEFAULT_PRACTICE_TARGET,
  PRACTICE_CATEGORIES,
} from './categories.js';

export interface CategoryOption {
  id: string;
  label: string;
}

export type HoursKind = 'practice_hours' | 'ce_hours';

/** What a volunteer's hours count toward: totals and per-category needs, and what counts so far. */
export interface Targets {
  /** a pathway slug, or "default" (the contract's constants, when no pathway applies) */
  source: string;
  pathwayName: string | null;
  /** the stage or renewal the hours count toward */
  toward: string | null;
  /** hours count from this day (the start of the stage or renewal cycle), if the engine says so */
  countedFrom: string | null;
  deadline: string | null;
  total: { need: number; have: number | null } | null;
  categories: Record<string, { need: number; have: number | null }>;
}

const label = (id: string) => id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');

function union(lists: CategoryOption[][]): CategoryOption[] {
  const out = new Map<string, CategoryOption>();
  for (const list of lists) for (const c of list) if (!out.has(c.id)) out.set(c.id, c);
  return [...out.values()];
}

function fromProgress(
  p: Progress,
  kind: HoursKind,
): Pick<Targets, 'total' | 'categories' | 'countedFrom'> | null {
  const items = p.items.filter((i: CheckItem) => i.kind === kind);
  if (!items.length) return null;
  const total = items.find((i) => i.ref === null);
  return {
    countedFrom: dateOfDay(p.countedFrom),
    total: total ? { need: total.need, have: total.have } : null,
    categories: Object.fromEntries(
      items.filter((i) => i.ref !== null).map((i) => [i.ref!, { need: i.need, have: i.have }]),
    ),
  };
}

function fromQuota(q: Quota): Pick<Targets, 'total' | 'categories' | 'countedFrom'> {
  return {
    countedFrom: null,
    total: q.total ? { need: q.total, have: null } : null,
    categories: Object.fromEntries(
      Object.entries(q.categories).map(([k, v]) => [k, { need: v, have: null }]),
    ),
  };
}

/**
 * What both kinds of hours (practice hours here, CE in ../ce) need from the pathway definitions (certificates/pathways, loaded by the pathways module):
 * the categories that may be logged (the union over pathways), the quotas and deadlines shown as progress
 * bars (computed by the same engine that derives the stage), and the CE category of a Kindred course.
 * Without a loaded pathway it falls back to the contract's constants.
 */
@Injectable()
export class HoursRules {
  constructor(
    private readonly defs: PathwayDefinitions,
    private readonly people: PathwaysRepository,
    private readonly engine: PathwaysService,
  ) {}

  /** A target's pathway and stage names in the reader's language (the pathway's `translations`). */
  localizeTarget<
    T extends { source: string | null; pathwayName: string | null; toward: string | null },
  >(target: T, lang: Lang): T {
    const p = this.defs.list().find((d) => d.slug === target.source);
    const tr = p?.translations[lang];
    if (!p || !tr) return target;
    const stage = p.stages.find((s) => s.name === target.toward);
    return {
      ...target,
      pathwayName: target.pathwayName === null ? null : tr.name,
      toward: stage ? (tr.stages?.[stage.id] ?? target.toward) : target.toward,
    };
  }

  practiceCategories(): CategoryOption[] {
    const lists = this.defs.list().map((p) => p.practiceCategories);
    return lists.length
      ? union(lists)
      : PRACTICE_CATEGORIES.map((id) => ({ id, label: label(id) }));
  }

  ceCategories(): CategoryOption[] {
    const lists = this.defs.list().map((p) => p.ceCategories);
    return lists.length ? union(lists) : CE_CATEGORIES.map((id) => ({ id, label: label(id) }));
  }

  /**
   * The CE category of a Kindred course: a pathway's `ce_courses` mapping first (so the engine and the
   * ledger agree), then the course's front matter `category`, else peer-specific.
   */
  courseCategory(courseSlug: string, frontMatter: string | undefined): string {
    for (const p of this.defs.list()) if (p.ceCourses[courseSlug]) return p.ceCourses[courseSlug];
    const known = this.ceCategories().map((c) => c.id);
    return frontMatter && known.includes(frontMatter) ? frontMatter : 'peer-specific';
  }

  /**
   * What the person's hours of one kind count toward now: for CE the renewal of their credential (deadline:
   * its expiry), for practice hours the next stage (deadline: the stage's, if any) or else the renewal.
   * Before a renewal cycle has started, the pathway's own quotas without a deadline.
   */
  async targets(userId: string, kind: HoursKind): Promise<Targets> {
    const pathways = this.defs.list();
    const me = pathways.length ? await this.people.volunteer(userId) : undefined;
    if (me?.organizationId) {
      const facts = (await this.people.facts([me])).get(me.id)!;
      for (const pathway of pathways) {
        const s = this.engine.evaluate(pathway, facts);
        const base = { source: pathway.slug, pathwayName: pathway.name };
        const renewal = s.renewal ? fromProgress(s.renewal.fullRoute ?? s.renewal, kind) : null;
        const next = s.next ? fromProgress(s.next, kind) : null;
        const renewalStage = s.renewal
          ? pathway.stages.find((st) => st.id === s.renewal!.stageId)
          : undefined;
        if (kind === 'ce_hours' && renewal)
          return {
            ...base,
            ...renewal,
            toward: renewalStage?.name ?? null,
            deadline: dateOfDay(s.renewal!.validUntil),
          };
        if (next)
          return {
            ...base,
            ...next,
            toward: s.next!.name,
            deadline: s.next!.deadline === null ? null : dateOfDay(s.next!.deadline),
          };
        if (renewal)
          return {
            ...base,
            ...renewal,
            toward: renewalStage?.name ?? null,
            deadline: dateOfDay(s.renewal!.validUntil),
          };
      }
    }
    const defined = this.firstQuota(pathways, kind);
    if (defined)
      return {
        source: defined.pathway.slug,
        pathwayName: defined.pathway.name,
        toward: defined.toward,
        deadline: null,
        ...fromQuota(defined.quota),
      };
    const fallback = kind === 'ce_hours' ? DEFAULT_CE_QUOTAS : DEFAULT_PRACTICE_QUOTAS;
    const total =
      kind === 'ce_hours'
        ? Object.values(DEFAULT_CE_QUOTAS).reduce((a, b) => a + b, 0)
        : DEFAULT_PRACTICE_TARGET;
    return {
      source: 'default',
      pathwayName: null,
      toward: null,
      deadline: null,
      ...fromQuota({ total, categories: fallback }),
    };
  }

  /** The first quota of this kind a pathway declares: for CE in a renewal, for practice in a stage. */
  private firstQuota(
    pathways: Pathway[],
    kind: HoursKind,
  ): { pathway: Pathway; quota: Quota; toward: string } | undefined {
    for (const pathway of pathways) {
      for (const st of pathway.stages) {
        const quota =
          kind === 'ce_hours'
            ? (st.renewal?.requires.ceHours ?? st.requires?.ceHours)
            : (st.requires?.practiceHours ?? st.renewal?.requires.practiceHours);
        if (quota) return { pathway, quota, toward: st.name };
      }
    }
    return undefined;
  }
}

/** Hours to two decimals, as they are shown and summed. */
export const round = (n: number) => Math.round(n * 100) / 100;

/** Totals per category (counted and waiting) with what the target asks for; categories outside the list are kept. */
export function summarize(
  categories: CategoryOption[],
  totals: { category: string; status: string; hours: number }[],
  target: Targets,
  counts: string,
  waits: string,
) {
  const sum = (category: string | null, status: string) =>
    round(
      totals
        .filter((t) => (category === null || t.category === category) && t.status === status)
        .reduce((a, t) => a + t.hours, 0),
    );
  const known = new Set(categories.map((c) => c.id));
  const extra = [...new Set(totals.map((t) => t.category))]
    .filter((c) => !known.has(c))
    .map((id) => ({ id, label: id }));
  const countedHours = sum(null, counts);
  return {
    totals: [...categories, ...extra].map((c) => ({
      category: c.id,
      label: c.label,
      hours: sum(c.id, counts),
      pendingHours: sum(c.id, waits),
      required: target.categories[c.id]?.need ?? null,
      counted: target.categories[c.id]
        ? round(target.categories[c.id].have ?? sum(c.id, counts))
        : null,
    })),
    countedHours,
    requiredHours: target.total?.need ?? null,
    target: {
      source: target.source,
      pathwayName: target.pathwayName,
      toward: target.toward,
      countedFrom: target.countedFrom,
      deadline: target.deadline,
      requiredHours: target.total?.need ?? null,
      countedHours: target.total ? round(target.total.have ?? countedHours) : null,
    },
    categories,
  };
}
