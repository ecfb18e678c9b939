// Whether a volunteer meets a program's requirements, and what is still missing. Pure: the caller
// gathers the facts (from the database) and the time; nothing here reads a clock or does I/O.
import type { Program } from './programs.js';

/** The framework's scale, lowest first (a level "at or above" another compares by position). */
export const DEFAULT_SCALE = ['not-yet', 'developing', 'proficient', 'exemplary'] as const;

export interface RatingFact {
  competencyId: string;
  level: string;
  status: 'current' | 'expired';
  /** the supervisor who signed it off (null: no sign-off behind the level) */
  signedOffBy: string | null;
  signedOffAt: Date | null;
  validUntil: Date | null;
}

export interface VolunteerFacts {
  /** slugs of courses whose every module the volunteer has completed */
  completedCourses: Iterable<string>;
  /** ids of drills the volunteer has finished with a passing score */
  passedDrills: Iterable<string>;
  ratings: RatingFact[];
}

export type MissingReason =
  /** course not completed */
  | 'course'
  /** drill never passed */
  | 'drill'
  /** level below the one required */
  | 'level'
  /** level reached but no supervisor's sign-off behind it */
  | 'signoff'
  /** signed off once, but the sign-off has run out */
  | 'expired';

export interface RequirementCheck {
  kind: 'course' | 'drill' | 'competency';
  id: string;
  met: boolean;
  /** why not, when not met */
  reason?: MissingReason;
  /** competencies: the level required and the level held */
  required?: string;
  level?: string;
  /** competencies: until when the sign-off holds */
  validUntil?: Date | null;
}

export interface Eligibility {
  program: string;
  met: boolean;
  checks: RequirementCheck[];
  /** the checks not met, in the program's order */
  missing: RequirementCheck[];
  done: number;
  total: number;
}

const atLeast = (scale: readonly string[], level: string, required: string) => {
  const have = scale.indexOf(level);
  const need = scale.indexOf(required);
  return have >= 0 && need >= 0 && have >= need;
};

function competencyCheck(
  req: Program['requirements']['competencies'][number],
  rating: RatingFact | undefined,
  now: Date,
  scale: readonly string[],
): RequirementCheck {
  const base = {
    kind: 'competency' as const,
    id: req.id,
    required: req.level,
    level: rating?.level ?? scale[0],
    validUntil: rating?.validUntil ?? null,
  };
  if (!rating) return { ...base, met: false, reason: 'level' };
  const runOut =
    rating.status === 'expired' ||
    (rating.validUntil !== null && rating.validUntil.getTime() <= now.getTime());
  if (runOut && rating.signedOffAt) return { ...base, met: false, reason: 'expired' };
  if (!atLeast(scale, rating.level, req.level)) return { ...base, met: false, reason: 'level' };
  if (req.signoff && !rating.signedOffBy) return { ...base, met: false, reason: 'signoff' };
  return { ...base, met: true };
}

/** Checks every requirement of `program` against the volunteer's facts at `now`. */
export function evaluateEligibility(
  program: Program,
  facts: VolunteerFacts,
  now: Date,
  scale: readonly string[] = DEFAULT_SCALE,
): Eligibility {
  const courses = new Set(facts.completedCourses);
  const drills = new Set(facts.passedDrills);
  const ratings = new Map(facts.ratings.map((r) => [r.competencyId, r]));
  const { requirements } = program;
  const checks: RequirementCheck[] = [
    ...requirements.courses.map((id): RequirementCheck =>
      courses.has(id)
        ? { kind: 'course', id, met: true }
        : { kind: 'course', id, met: false, reason: 'course' },
    ),
    ...requirements.drills.map((id): RequirementCheck =>
      drills.has(id)
        ? { kind: 'drill', id, met: true }
        : { kind: 'drill', id, met: false, reason: 'drill' },
    ),
    ...requirements.competencies.map((c) => competencyCheck(c, ratings.get(c.id), now, scale)),
  ];
  const missing = checks.filter((c) => !c.met);
  return {
    program: program.slug,
    met: missing.length === 0,
    checks,
    missing,
    done: checks.length - missing.length,
    total: checks.length,
  };
}

/** What the volunteer already has of this program. */
export interface HeldState {
  /** the newest credential of the program that is not superseded, if any */
  current?: { issuedAt: Date; validUntil: Date | null; state: 'active' | 'revoked' | 'suspended' };
  /** a request is waiting for the co-issuer */
  pendingRequest: boolean;
  /** when the co-issuer last declined a request for this program, if ever */
  declinedAt?: Date | null;
}

export type AutomaticDecision =
  | { action: 'issue'; why: 'first' | 'after_expiry' }
  | { action: 'renew' }
  | { action: 'none'; why: 'not_met' | 'pending' | 'held' | 'revoked' | 'suspended' | 'declined' };

/**
 * What the automatic path does for a volunteer and a program:
 * - requirements not met, or a request already waiting: nothing;
 * - no certificate yet: issue (or request, for a co-issued program);
 * - a revoked or suspended certificate: nothing (a coordinator decides; the automatic path never undoes them);
 * - a certificate held: renew only when every signed-off competency of the program has been signed off
 *   again since it was issued (so each sign-off behind the new one is newer); an expired one is replaced
 *   on the same condition;
 * - a declined request: asked again only after a newer sign-off of a required competency.
 */
export function decideAutomatic(
  program: Program,
  eligibility: Eligibility,
  held: HeldState,
  facts: Pick<VolunteerFacts, 'ratings'>,
  now: Date,
): AutomaticDecision {
  if (!eligibility.met) return { action: 'none', why: 'not_met' };
  if (held.pendingRequest) return { action: 'none', why: 'pending' };
  const signedOff = program.requirements.competencies
    .filter((c) => c.signoff)
    .map((c) => facts.ratings.find((r) => r.competencyId === c.id)?.signedOffAt ?? null);
  const newest = signedOff.reduce<number>((max, at) => Math.max(max, at ? at.getTime() : 0), 0);
  if (held.declinedAt && newest <= held.declinedAt.getTime())
    return { action: 'none', why: 'declined' };
  const current = held.current;
  if (!current) return { action: 'issue', why: 'first' };
  if (current.state === 'revoked') return { action: 'none', why: 'revoked' };
  if (current.state === 'suspended') return { action: 'none', why: 'suspended' };
  const allSince =
    signedOff.length > 0 &&
    signedOff.every((at) => at !== null && at.getTime() > current.issuedAt.getTime());
  if (!allSince) return { action: 'none', why: 'held' };
  const expired = current.validUntil !== null && current.validUntil.getTime() <= now.getTime();
  return expired ? { action: 'issue', why: 'after_expiry' } : { action: 'renew' };
}
