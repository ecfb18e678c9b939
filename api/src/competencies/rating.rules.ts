import { addMonths } from '@kindred/certificates';
import type { Competency, Framework } from '@kindred/courses';
import type { EvidenceRow } from '../evidence/evidence.repository.js';

/** A grade (0..1) without a level counts as reaching its source's cap when it is at least this. */
export const PASSING_GRADE = 0.7;

export interface DerivedRating {
  level: string;
  status: 'current' | 'expired';
  evidenceIds: string[];
  signedOffBy: string | null;
  signedOffAt: Date | null;
  validUntil: Date | null;
}

export const levelIndex = (f: Framework, level: string | null | undefined) =>
  level ? f.scale.findIndex((s) => s.id === level) : -1;
export const lowestLevel = (f: Framework) => f.scale[0].id;
/** The first level whose `proficient` flag is set: what only a supervisor's observation can reach. */
export const firstProficient = (f: Framework) => f.scale.find((s) => s.proficient)!.id;
export const isProficient = (f: Framework, level: string) =>
  Boolean(f.scale.find((s) => s.id === level)?.proficient);

/**
 * The level one evidence row supports on its own: its level (or, for a grade, the source's cap when passed),
 * never above the framework's rule for its source. A source without a rule cannot raise a rating.
 */
export function cappedLevel(
  f: Framework,
  row: Pick<EvidenceRow, 'source' | 'level' | 'grade'>,
): number {
  const cap = levelIndex(f, f.rules[row.source]);
  if (cap < 0) return -1;
  const own = row.level
    ? levelIndex(f, row.level)
    : row.grade !== null && row.grade !== undefined
      ? row.grade >= PASSING_GRADE
        ? cap
        : 0
      : -1;
  return Math.min(own, cap);
}

/**
 * The one current rating of a volunteer for a competency, derived from the evidence log:
 * - rows corrected by a later row are ignored (a correction replaces them);
 * - course work, drills, supervision notes and prior learning each count up to their rule's cap;
 * - the latest supervisor observation sets the level it records (it may also lower it) until it expires,
 *   `validityMonths` after it was made; then the rating falls back to what the other evidence supports.
 */
export function deriveRating(
  f: Framework,
  competency: Competency,
  rows: EvidenceRow[],
  now: Date,
): DerivedRating {
  const corrected = new Set(rows.map((r) => r.correctsId).filter(Boolean));
  const live = rows.filter((r) => !corrected.has(r.id) && r.competencyId === competency.id);
  let best = 0;
  const supporting: string[] = [];
  for (const row of live) {
    if (row.source === 'observation') continue;
    const lvl = cappedLevel(f, row);
    if (lvl < 0) continue;
    if (lvl > best) supporting.length = 0;
    if (lvl >= best && lvl > 0) supporting.push(row.id);
    best = Math.max(best, lvl);
  }
  const observations = live.filter(
    (r) => r.source === 'observation' && levelIndex(f, r.level) >= 0,
  );
  const latest = observations.sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt))[0];
  const base = {
    level: f.scale[best].id,
    evidenceIds: supporting,
    signedOffBy: null,
    signedOffAt: null,
    validUntil: null,
  };
  if (!latest) return { ...base, status: 'current' };
  const signedOffAt = new Date(latest.createdAt);
  const validUntil = addMonths(signedOffAt, competency.validityMonths);
  if (validUntil <= now) return { ...base, status: 'expired' };
  const observed = Math.min(
    levelIndex(f, latest.level),
    levelIndex(f, f.rules.observation ?? f.scale[f.scale.length - 1].id),
  );
  return {
    level: f.scale[observed].id,
    status: 'current',
    evidenceIds: [latest.id],
    signedOffBy: latest.actorId,
    signedOffAt,
    validUntil,
  };
}

/** What still stands between this rating and the first proficient level, in plain words for the volunteer. */
export function missingFor(
  f: Framework,
  rating: Pick<DerivedRating, 'level' | 'status'>,
): 'course_work' | 'signoff' | 'renewal' | null {
  const cap = Math.max(
    ...Object.entries(f.rules)
      .filter(([k]) => k !== 'observation')
      .map(([, v]) => levelIndex(f, v)),
  );
  if (rating.status === 'expired') return 'renewal';
  if (isProficient(f, rating.level)) return null;
  return levelIndex(f, rating.level) >= cap ? 'signoff' : 'course_work';
}

/** Course work is complete for a competency when it reaches the highest level course work can give on its own. */
export function courseWorkComplete(f: Framework, level: string): boolean {
  return missingFor(f, { level, status: 'current' }) === 'signoff';
}
