import { fileURLToPath } from 'node:url';
import {
  DAY_MS,
  decideAutomatic,
  evaluateEligibility,
  loadPrograms,
  type HeldState,
  type Program,
  type RatingFact,
  type VolunteerFacts,
} from '../src/index.js';

const PROGRAMS_DIR = fileURLToPath(new URL('../programs/', import.meta.url));
const { programs } = loadPrograms(PROGRAMS_DIR);
const foundations = programs.find((p) => p.slug === 'foundations')!;

const NOW = new Date('2026-06-01T00:00:00Z');
const at = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

function signed(id: string, signedDaysAgo = 10, level = 'proficient'): RatingFact {
  const signedOffAt = at(-signedDaysAgo);
  return {
    competencyId: id,
    level,
    status: 'current',
    signedOffBy: 'supervisor-1',
    signedOffAt,
    validUntil: new Date(signedOffAt.getTime() + 700 * DAY_MS),
  };
}

/** Everything foundations asks for. */
function complete(): VolunteerFacts {
  return {
    completedCourses: ['peer-roles', 'crisis-de-escalation', 'cultural-humility'],
    passedDrills: [...foundations.requirements.drills],
    ratings: ['PEER.1', 'PEER.2', 'DEESC.1', 'DEESC.2'].map((id) => signed(id)),
  };
}

const without = (facts: VolunteerFacts, patch: Partial<VolunteerFacts>): VolunteerFacts => ({
  ...facts,
  ...patch,
});

describe('evaluateEligibility', () => {
  it('finds the foundations program in certificates/programs', () => {
    expect(foundations.requirements.competencies.map((c) => c.id)).toEqual([
      'PEER.1',
      'PEER.2',
      'DEESC.1',
      'DEESC.2',
    ]);
  });

  it('is met when every course, drill and signed-off competency is there', () => {
    const e = evaluateEligibility(foundations, complete(), NOW);
    expect(e).toMatchObject({
      program: 'foundations',
      met: true,
      missing: [],
      done: 10,
      total: 10,
    });
  });

  it('lists a course not completed and a drill not passed', () => {
    const e = evaluateEligibility(
      foundations,
      without(complete(), {
        completedCourses: ['peer-roles'],
        passedDrills: foundations.requirements.drills.filter((d) => d !== 'deesc-library-01'),
      }),
      NOW,
    );
    expect(e.met).toBe(false);
    expect(e.missing).toEqual([
      { kind: 'course', id: 'crisis-de-escalation', met: false, reason: 'course' },
      { kind: 'drill', id: 'deesc-library-01', met: false, reason: 'drill' },
    ]);
    expect(e.done).toBe(8);
  });

  it('tells a level too low, a missing sign-off and a run-out sign-off apart', () => {
    const ratings = [
      {
        ...signed('PEER.1'),
        level: 'developing',
        signedOffBy: null,
        signedOffAt: null,
        validUntil: null,
      },
      { ...signed('PEER.2'), signedOffBy: null },
      { ...signed('DEESC.1', 800), status: 'expired' as const },
      // valid_until passed, though the nightly job has not marked it expired yet
      { ...signed('DEESC.2', 30), validUntil: at(-1) },
    ];
    const e = evaluateEligibility(foundations, without(complete(), { ratings }), NOW);
    expect(e.missing.map((m) => [m.id, m.reason])).toEqual([
      ['PEER.1', 'level'],
      ['PEER.2', 'signoff'],
      ['DEESC.1', 'expired'],
      ['DEESC.2', 'expired'],
    ]);
  });

  it('treats a competency without any rating as not reached, and a higher level as enough', () => {
    const ratings = [signed('PEER.1', 5, 'exemplary'), signed('PEER.2'), signed('DEESC.1')];
    const e = evaluateEligibility(foundations, without(complete(), { ratings }), NOW);
    expect(e.missing).toEqual([
      {
        kind: 'competency',
        id: 'DEESC.2',
        met: false,
        reason: 'level',
        required: 'proficient',
        level: 'not-yet',
        validUntil: null,
      },
    ]);
  });
});

describe('decideAutomatic', () => {
  const facts = complete();
  const met = evaluateEligibility(foundations, facts, NOW);
  const decide = (
    held: Partial<HeldState>,
    f: VolunteerFacts = facts,
    program: Program = foundations,
  ) =>
    decideAutomatic(
      program,
      evaluateEligibility(program, f, NOW),
      { pendingRequest: false, ...held },
      f,
      NOW,
    );

  it('does nothing while requirements are not met', () => {
    expect(decide({}, without(facts, { passedDrills: [] }))).toEqual({
      action: 'none',
      why: 'not_met',
    });
    expect(met.met).toBe(true);
  });

  it('issues the first certificate, and nothing while a request waits for the university', () => {
    expect(decide({})).toEqual({ action: 'issue', why: 'first' });
    expect(decide({ pendingRequest: true })).toEqual({ action: 'none', why: 'pending' });
  });

  it('does not issue again for sign-offs the current certificate already stands on', () => {
    expect(decide({ current: { issuedAt: at(-1), validUntil: at(700), state: 'active' } })).toEqual(
      { action: 'none', why: 'held' },
    );
    // one competency re-signed since: not yet a renewal
    const partly = without(facts, {
      ratings: facts.ratings.map((r, i) =>
        i === 0 ? signed(r.competencyId, 1) : signed(r.competencyId, 30),
      ),
    });
    expect(
      decide({ current: { issuedAt: at(-20), validUntil: at(700), state: 'active' } }, partly),
    ).toEqual({ action: 'none', why: 'held' });
  });

  it('renews once every signed-off competency was signed off again after issuance, before expiry', () => {
    expect(
      decide({ current: { issuedAt: at(-400), validUntil: at(330), state: 'active' } }),
    ).toEqual({ action: 'renew' });
  });

  it('replaces an expired certificate on fresh sign-offs, but never a revoked or suspended one', () => {
    expect(
      decide({ current: { issuedAt: at(-800), validUntil: at(-70), state: 'active' } }),
    ).toEqual({ action: 'issue', why: 'after_expiry' });
    expect(
      decide({ current: { issuedAt: at(-400), validUntil: at(330), state: 'revoked' } }),
    ).toEqual({ action: 'none', why: 'revoked' });
    expect(
      decide({ current: { issuedAt: at(-400), validUntil: at(330), state: 'suspended' } }),
    ).toEqual({ action: 'none', why: 'suspended' });
  });

  it('asks again after a decline only on a newer sign-off', () => {
    expect(decide({ declinedAt: at(-1) })).toEqual({ action: 'none', why: 'declined' });
    const fresh = without(facts, {
      ratings: facts.ratings.map((r, i) => (i === 0 ? signed(r.competencyId, 0) : r)),
    });
    expect(decide({ declinedAt: at(-1) }, fresh)).toEqual({ action: 'issue', why: 'first' });
  });
});
