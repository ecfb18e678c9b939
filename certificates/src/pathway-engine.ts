// The requirement engine: from a volunteer's dated facts to their stage on a pathway, what is missing for
// the next one, lapses and the way back, and the renewal window. Pure: no clock, no I/O; days are UTC
// day numbers (days since 1970-01-01) so every boundary is an exact day.
import type { Pathway, Quota, Requirements, Stage } from './pathways.js';
import { DEFAULT_LEVELS } from './programs.js';
import { addMonths as addMonthsToDate, DAY_MS } from './dates.js';

export type Day = number;
export const dayOf = (d: Date | string): Day => Math.floor(new Date(d).getTime() / DAY_MS);
export const dateOfDay = (d: Day): string => new Date(d * DAY_MS).toISOString().slice(0, 10);

/** `months` after `day`, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export const addMonthsToDay = (day: Day, months: number): Day =>
  dayOf(addMonthsToDate(new Date(day * DAY_MS), months));

export interface HoursEntry {
  on: Day;
  hours: number;
  category: string;
}

export interface CompetencyFact {
  level: string;
  /** confirmed by a supervisor's sign-off */
  signedOff: boolean;
  /** the day of the sign-off (or of the rating, without one) */
  on: Day;
  /** not expired */
  current: boolean;
}

/** What the engine reads. Only verified practice hours and approved CE entries belong here. */
export interface PathwayFacts {
  /** the day the volunteer joined: the start of the first stage */
  joinedOn: Day;
  /** course slug → the day its last module was completed */
  courses: ReadonlyMap<string, Day>;
  /** drill id → the day it was first passed */
  drills: ReadonlyMap<string, Day>;
  /** competency id → its sign-offs and its current rating (each one a fact: an earlier sign-off dates an earlier stage) */
  competencies: ReadonlyMap<string, readonly CompetencyFact[]>;
  practice: readonly HoursEntry[];
  /** the days supervision sessions were held */
  supervision: readonly Day[];
  ce: readonly HoursEntry[];
}

export type ItemKind =
  'course' | 'drill' | 'competency' | 'practice_hours' | 'supervision_sessions' | 'ce_hours';

export interface CheckItem {
  kind: ItemKind;
  /** course slug, drill id, competency id, or an hours category; null for a total */
  ref: string | null;
  /** competencies: the level required */
  level?: string;
  signoff?: boolean;
  have: number;
  need: number;
  met: boolean;
}

export interface Progress {
  items: CheckItem[];
  /** the day the last item was met (all met), or null */
  metOn: Day | null;
  /** hours, sessions and CE count from this day */
  countedFrom: Day;
  missing: number;
}

export type PublicStatus = 'trainee' | 'provisional' | 'current' | 'renewed' | 'lapsed';
export type WindowState = 'not_open' | 'open' | 'grace' | 'closed';

export interface NextStage extends Progress {
  stageId: string;
  name: string;
  /** the last day to reach it, if the pathway sets one */
  deadline: Day | null;
}

export interface RenewalState extends Progress {
  stageId: string;
  cycleStart: Day;
  /** the credential is valid through the day before this */
  validUntil: Day;
  opensOn: Day;
  /** the short route is open through the day before this; then only the full route is left */
  closesOn: Day;
  window: WindowState;
  /** the full route's progress once the short route has closed */
  fullRoute: Progress | null;
  renewals: number;
}

export interface Lapse {
  since: Day;
  reason: 'deadline' | 'renewal';
  /** complete_next: finish what is missing for the next stage (late); renew_short: renew before `until`; full_route: the stage's requirements again */
  wayBack: 'complete_next' | 'renew_short' | 'full_route';
  until: Day | null;
}

export interface PathwayEvent {
  on: Day;
  kind: 'reached' | 'lapsed' | 'recovered' | 'renewed';
  stageId: string;
}

export interface PathwayState {
  pathway: string;
  stageId: string;
  stageIndex: number;
  stageName: string;
  since: Day;
  status: PublicStatus;
  lapse: Lapse | null;
  next: NextStage | null;
  renewal: RenewalState | null;
  /** unmet items of what comes next (renewal when it is due or lapsed, else the next stage) */
  missing: number;
  events: PathwayEvent[];
}

export interface EngineOptions {
  /** the competency scale, lowest first */
  levels?: readonly string[];
}

const EPS = 1e-9;
const round2 = (n: number) => Math.round(n * 100) / 100;

function hoursItems(
  kind: 'practice_hours' | 'ce_hours',
  entries: readonly HoursEntry[],
  q: Quota,
  from: Day,
  upTo: Day,
): { items: CheckItem[]; metOn: Day | null } {
  const cats = Object.keys(q.categories);
  const have = new Map<string | null, number>([
    [null, 0],
    ...cats.map((c) => [c, 0] as [string, number]),
  ]);
  const reached = new Map<string | null, Day>();
  for (const e of entries) {
    if (e.on < from || e.on > upTo) continue;
    const total = have.get(null)! + e.hours;
    have.set(null, total);
    if (!reached.has(null) && total + EPS >= q.total) reached.set(null, e.on);
    if (have.has(e.category)) {
      const c = have.get(e.category)! + e.hours;
      have.set(e.category, c);
      if (!reached.has(e.category) && c + EPS >= q.categories[e.category])
        reached.set(e.category, e.on);
    }
  }
  const items: CheckItem[] = [
    { kind, ref: null, have: round2(have.get(null)!), need: q.total, met: reached.has(null) },
  ];
  for (const c of cats)
    items.push({
      kind,
      ref: c,
      have: round2(have.get(c)!),
      need: q.categories[c],
      met: reached.has(c),
    });
  const all = [null, ...cats];
  const metOn = all.every((k) => reached.has(k))
    ? Math.max(...all.map((k) => reached.get(k)!))
    : null;
  return { items, metOn };
}

/** Checks `req` against the facts: hours, sessions and CE counted from `from` through `upTo`. */
export function progressOf(
  req: Requirements,
  facts: PathwayFacts,
  from: Day,
  upTo: Day,
  opts: EngineOptions = {},
  currentOnly = false,
): Progress {
  const levels = opts.levels ?? DEFAULT_LEVELS;
  const items: CheckItem[] = [];
  let last = from;
  let allMet = true;
  const dated = (item: CheckItem, on: Day | undefined) => {
    items.push(item);
    if (item.met && on !== undefined) last = Math.max(last, on);
    else allMet = false;
  };
  for (const slug of req.courses) {
    const on = facts.courses.get(slug);
    const met = on !== undefined && on <= upTo;
    dated({ kind: 'course', ref: slug, have: met ? 1 : 0, need: 1, met }, on);
  }
  for (const id of req.drills) {
    const on = facts.drills.get(id);
    const met = on !== undefined && on <= upTo;
    dated({ kind: 'drill', ref: id, have: met ? 1 : 0, need: 1, met }, on);
  }
  for (const c of req.competencies) {
    const need = levels.indexOf(c.level);
    let on: Day | undefined;
    for (const f of facts.competencies.get(c.id) ?? []) {
      if (
        levels.indexOf(f.level) >= need &&
        (!c.signoff || f.signedOff) &&
        f.on <= upTo &&
        (!currentOnly || f.current) &&
        (on === undefined || f.on < on)
      )
        on = f.on;
    }
    const met = on !== undefined;
    dated(
      {
        kind: 'competency',
        ref: c.id,
        level: c.level,
        signoff: c.signoff,
        have: met ? 1 : 0,
        need: 1,
        met,
      },
      on,
    );
  }
  for (const [kind, entries, q] of [
    ['practice_hours', facts.practice, req.practiceHours],
    ['ce_hours', facts.ce, req.ceHours],
  ] as const) {
    if (!q) continue;
    const h = hoursItems(kind, entries, q, from, upTo);
    items.push(...h.items);
    if (h.metOn === null) allMet = false;
    else last = Math.max(last, h.metOn);
  }
  if (req.supervisionSessions) {
    let n = 0;
    let on: Day | undefined;
    for (const d of facts.supervision) {
      if (d < from || d > upTo) continue;
      n++;
      if (n === req.supervisionSessions) on = d;
    }
    dated(
      {
        kind: 'supervision_sessions',
        ref: null,
        have: n,
        need: req.supervisionSessions,
        met: on !== undefined,
      },
      on,
    );
  }
  return {
    items,
    metOn: allMet ? last : null,
    countedFrom: from,
    missing: items.filter((i) => !i.met).length,
  };
}

const MAX_CYCLES = 60;

function renewalOf(
  stage: Stage,
  since: Day,
  facts: PathwayFacts,
  today: Day,
  opts: EngineOptions,
  events: PathwayEvent[],
): RenewalState {
  const r = stage.renewal!;
  let cycleStart = since;
  let countFrom = since;
  let renewals = 0;
  for (let i = 0; ; i++) {
    const validUntil = addMonthsToDay(cycleStart, r.everyMonths);
    const opensOn = validUntil - r.windowOpensDays;
    const closesOn = validUntil + r.graceDays;
    const short = progressOf(r.requires, facts, countFrom, Math.min(today, closesOn - 1), opts);
    const renewedOn = short.metOn === null ? null : Math.max(short.metOn, opensOn);
    if (renewedOn !== null && renewedOn <= today && renewedOn < closesOn && i < MAX_CYCLES) {
      events.push({ on: renewedOn, kind: 'renewed', stageId: stage.id });
      renewals++;
      countFrom = Math.max(validUntil, renewedOn + 1);
      cycleStart = validUntil;
      continue;
    }
    const window: WindowState =
      today < opensOn
        ? 'not_open'
        : today < validUntil
          ? 'open'
          : today < closesOn
            ? 'grace'
            : 'closed';
    const base = {
      stageId: stage.id,
      cycleStart,
      validUntil,
      opensOn,
      closesOn,
      window,
      renewals,
      ...short,
    };
    if (today < validUntil) return { ...base, fullRoute: null };
    events.push({ on: validUntil, kind: 'lapsed', stageId: stage.id });
    // Expired: the full route (the stage's own requirements, hours and sessions counted again from the
    // expiry, skills current) brings the volunteer back at any time; the short one only until it closes.
    const full = progressOf(stage.requires, facts, validUntil, today, opts, true);
    if (full.metOn !== null && i < MAX_CYCLES) {
      const back = Math.max(full.metOn, validUntil);
      events.push({ on: back, kind: 'recovered', stageId: stage.id });
      renewals = 0;
      cycleStart = back;
      countFrom = back;
      continue;
    }
    return { ...base, fullRoute: window === 'closed' ? full : null };
  }
}

/** The volunteer's state on the pathway on `today`. */
export function evaluatePathway(
  pathway: Pathway,
  facts: PathwayFacts,
  today: Day,
  opts: EngineOptions = {},
): PathwayState {
  const events: PathwayEvent[] = [
    { on: facts.joinedOn, kind: 'reached', stageId: pathway.stages[0].id },
  ];
  let index = 0;
  let since = facts.joinedOn;
  let next: NextStage | null = null;
  let lapse: Lapse | null = null;
  for (let k = 1; k < pathway.stages.length; k++) {
    const stage = pathway.stages[k];
    const deadline = stage.withinMonths ? addMonthsToDay(since, stage.withinMonths) : null;
    const p = progressOf(stage.requires, facts, since, today, opts);
    if (p.metOn === null) {
      next = { stageId: stage.id, name: stage.name, deadline, ...p };
      if (deadline !== null && today > deadline) {
        lapse = { since: deadline + 1, reason: 'deadline', wayBack: 'complete_next', until: null };
        events.push({ on: deadline + 1, kind: 'lapsed', stageId: pathway.stages[index].id });
      }
      break;
    }
    if (deadline !== null && p.metOn > deadline) {
      events.push({ on: deadline + 1, kind: 'lapsed', stageId: pathway.stages[index].id });
      events.push({ on: p.metOn, kind: 'recovered', stageId: stage.id });
    }
    events.push({ on: p.metOn, kind: 'reached', stageId: stage.id });
    index = k;
    since = p.metOn;
  }

  // The credential cycle is the highest reached stage that renews (a facilitator stays certified).
  let renewal: RenewalState | null = null;
  for (let k = index; k >= 0 && !renewal; k--) {
    const s = pathway.stages[k];
    if (!s.renewal) continue;
    const reachedOn = events.find((e) => e.kind === 'reached' && e.stageId === s.id)!.on;
    renewal = renewalOf(s, reachedOn, facts, today, opts, events);
  }
  if (renewal && (renewal.window === 'grace' || renewal.window === 'closed')) {
    lapse = {
      since: renewal.validUntil,
      reason: 'renewal',
      wayBack: renewal.window === 'grace' ? 'renew_short' : 'full_route',
      until: renewal.window === 'grace' ? renewal.closesOn : null,
    };
  }
  const stage = pathway.stages[index];
  const status: PublicStatus = lapse
    ? 'lapsed'
    : stage.status === 'current'
      ? renewal?.renewals
        ? 'renewed'
        : 'current'
      : stage.status;
  const renewalFirst = renewal && renewal.window !== 'not_open';
  const missing = renewalFirst ? (renewal!.fullRoute ?? renewal!).missing : (next?.missing ?? 0);
  events.sort((a, b) => a.on - b.on);
  return {
    pathway: pathway.slug,
    stageId: stage.id,
    stageIndex: index,
    stageName: stage.name,
    since,
    status,
    lapse,
    next,
    renewal,
    missing,
    events,
  };
}
