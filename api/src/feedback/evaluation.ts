/**
 * Program evaluation (issue 20): the arithmetic, apart from the SQL so it can be checked by hand.
 *
 * Every figure drawn from fewer than `threshold` people is withheld (null), so nobody can be picked out.
 */

import { DAY_MS, HOUR_MS } from '@kindred/certificates/dates';

export const FUNNEL_STEPS = [
  'invited',
  'signed_in',
  'enrolled',
  'first_module',
  'course_done',
  'drill_passed',
  'signed_off',
  'pathway_complete',
  'certified',
  'renewed',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** One person's milestones (null: not reached), in the order of FUNNEL_STEPS. */
export type Milestones = (Date | null)[];

/** How a withheld figure reads in a CSV (the page says the same in the reader's language). */
export const withheldText = (threshold: number) => `fewer than ${String(threshold)}`;

/** A count of people as shown: none is shown (it singles nobody out), 1 to threshold − 1 is withheld. */
export const shownCount = (n: number, threshold: number) => (n === 0 || n >= threshold ? n : null);

/**
 * The p-th quantile with linear interpolation between the two nearest ranks, as PostgreSQL's
 * percentile_cont: position p × (n − 1) in the sorted values. Null for no values.
 */
export function quantile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export interface FunnelStepFigures {
  step: FunnelStep;
  /** people who reached this step and every step before it */
  reached: number | null;
  /** share of the invited, 0–1 */
  shareOfInvited: number | null;
  /** median days from the step before to this one, over the people who reached it */
  medianDays: number | null;
  /** people who reached this step and not the next (null for the last step) */
  stoppedHere: number | null;
}

/**
 * The funnel, strict: a person counts at a step once they reached it and every step before it (someone
 * who passed a drill without finishing a course stops at the first module; someone certified without a
 * pathway record stops at the step they skipped). Days are from the step before, so they are negative for
 * someone who did this step first (a drill passed before the course was done). A count, share or median from fewer
 * than `threshold` people is null (a count of none is shown); so is "stopped here" when 1 to
 * threshold − 1 stopped.
 */
export function funnel(people: Milestones[], threshold: number): FunnelStepFigures[] {
  const shown = (n: number) => shownCount(n, threshold);
  const reachedBy = FUNNEL_STEPS.map((_, k) =>
    people.filter((p) => p.slice(0, k + 1).every((d) => d !== null)),
  );
  const invited = reachedBy[0].length;
  return FUNNEL_STEPS.map((step, k) => {
    const reached = reachedBy[k];
    const next = k + 1 < FUNNEL_STEPS.length ? reachedBy[k + 1].length : null;
    const days =
      k === 0
        ? []
        : reached.map((p) => ((p[k] as Date).getTime() - (p[k - 1] as Date).getTime()) / DAY_MS);
    const enough = reached.length >= threshold;
    return {
      step,
      reached: shown(reached.length),
      shareOfInvited:
        enough && invited >= threshold
          ? Math.round((reached.length / invited) * 1000) / 1000
          : null,
      medianDays: k > 0 && enough ? round1(quantile(days, 0.5)) : null,
      stoppedHere: next === null ? null : shown(reached.length - next),
    };
  });
}

/** YYYY-MM of a date (UTC). */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** The `count` months ending with the month of `now`, oldest first, as YYYY-MM. */
export function lastMonths(now: Date, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(monthOf(d));
  }
  return out;
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

export interface CohortFunnel {
  /** the month of the first step: invited (or joined, for someone added without an invitation) */
  month: string;
  steps: FunnelStepFigures[];
}

/** The funnel per cohort of the month of the first step, each suppressed on its own. */
export function cohortFunnels(
  people: Milestones[],
  months: string[],
  threshold: number,
): CohortFunnel[] {
  return months.map((month) => ({
    month,
    steps: funnel(
      people.filter((p) => p[0] && monthOf(p[0]) === month),
      threshold,
    ),
  }));
}

export interface RetentionCohort {
  month: string;
  /** people who joined that month; null for 1 to threshold − 1 (and then every share is null too) */
  people: number | null;
  /** share active k months after joining (k = 0 the month they joined), up to the current month */
  active: (number | null)[];
}

export interface Retention {
  cohorts: RetentionCohort[];
  /** over every cohort shown: share active k months after joining, of those k months in */
  overall: { monthsAfter: number; people: number; share: number | null }[];
}

/**
 * Retention by month of joining: a volunteer is active in a month with any learning or practice in it (a
 * module finished, a knowledge check, a drill started, practice hours worked). Cohorts with fewer than
 * `threshold` people are withheld whole; the overall line pools the cohorts shown.
 */
export function retention(
  joined: { userId: string; at: Date }[],
  activeMonths: { userId: string; month: string }[],
  months: string[],
  threshold: number,
): Retention {
  const now = monthIndex(months[months.length - 1]);
  const active = new Set(activeMonths.map((a) => `${a.userId}|${a.month}`));
  const horizon = months.length;
  const pooled = Array.from({ length: horizon }, () => ({ people: 0, active: 0 }));
  const cohorts = months.map((month) => {
    const mine = joined.filter((j) => monthOf(j.at) === month);
    const span = now - monthIndex(month) + 1;
    const enough = mine.length >= threshold;
    const shares: (number | null)[] = [];
    for (let k = 0; k < span; k++) {
      const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + k, 1));
      const m = monthOf(d);
      const n = mine.filter((j) => active.has(`${j.userId}|${m}`)).length;
      if (enough) {
        pooled[k].people += mine.length;
        pooled[k].active += n;
      }
      shares.push(enough ? Math.round((n / mine.length) * 1000) / 1000 : null);
    }
    return { month, people: shownCount(mine.length, threshold), active: shares };
  });
  return {
    cohorts,
    overall: pooled.map((p, k) => ({
      monthsAfter: k,
      people: p.people,
      share: p.people >= threshold ? Math.round((p.active / p.people) * 1000) / 1000 : null,
    })),
  };
}

export interface TurnaroundRow {
  /** YYYY-MM the decision was made; 'all' for every month together */
  month: string;
  decided: number | null;
  medianHours: number | null;
  p90Hours: number | null;
}

/**
 * Sign-off turnaround: hours from a volunteer's request to the supervisor's decision, median and 90th
 * percentile (percentile_cont), per month of the decision and over the whole period. A month whose
 * decisions concern 1 to threshold − 1 volunteers is withheld (a month of none says 0 decisions).
 */
export function turnaround(
  decisions: { volunteerId: string; requestedAt: Date; decidedAt: Date }[],
  months: string[],
  threshold: number,
): TurnaroundRow[] {
  const row = (month: string, ds: typeof decisions): TurnaroundRow => {
    const people = new Set(ds.map((d) => d.volunteerId)).size;
    if (!people) return { month, decided: 0, medianHours: null, p90Hours: null };
    if (people < threshold) return { month, decided: null, medianHours: null, p90Hours: null };
    const hours = ds.map((d) => (d.decidedAt.getTime() - d.requestedAt.getTime()) / HOUR_MS);
    return {
      month,
      decided: ds.length,
      medianHours: round1(quantile(hours, 0.5)),
      p90Hours: round1(quantile(hours, 0.9)),
    };
  };
  const inPeriod = decisions.filter((d) => months.includes(monthOf(d.decidedAt)));
  return [
    ...months.map((m) =>
      row(
        m,
        inPeriod.filter((d) => monthOf(d.decidedAt) === m),
      ),
    ),
    row('all', inPeriod),
  ];
}

export interface HoursRow {
  month: string;
  people: number | null;
  entries: number | null;
  hours: number | null;
}

/** Verified practice hours per month worked; a month of 1 to threshold − 1 volunteers is withheld. */
export function hoursByMonth(
  entries: { volunteerId: string; month: string; hours: number }[],
  months: string[],
  threshold: number,
): HoursRow[] {
  return months.map((month) => {
    const mine = entries.filter((e) => e.month === month);
    const people = new Set(mine.map((e) => e.volunteerId)).size;
    if (!people) return { month, people: 0, entries: 0, hours: 0 };
    if (people < threshold) return { month, people: null, entries: null, hours: null };
    return {
      month,
      people,
      entries: mine.length,
      hours: Math.round(mine.reduce((s, e) => s + e.hours, 0) * 100) / 100,
    };
  });
}
