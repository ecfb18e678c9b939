import { fileURLToPath } from 'node:url';
import {
  addMonthsToDay,
  dateOfDay,
  dayOf,
  evaluatePathway,
  loadPathways,
  type CompetencyFact,
  type HoursEntry,
  type PathwayFacts,
} from '../src/index.js';

const [PATHWAY] = loadPathways(fileURLToPath(new URL('../pathways/', import.meta.url))).pathways;
const d = (iso: string) => dayOf(`${iso}T00:00:00Z`);
const signed = (level: string, on: string, current = true): CompetencyFact[] => [
  { level, signedOff: true, on: d(on), current },
];

function facts(over: Partial<PathwayFacts> = {}): PathwayFacts {
  return {
    joinedOn: d('2026-01-05'),
    courses: new Map(),
    drills: new Map(),
    competencies: new Map(),
    practice: [],
    supervision: [],
    ce: [],
    ...over,
  };
}

/** Provisional on 2026-02-01. */
const provisional = (over: Partial<PathwayFacts> = {}) =>
  facts({
    courses: new Map([
      ['peer-roles', d('2026-01-20')],
      ['crisis-de-escalation', d('2026-01-25')],
    ]),
    drills: new Map([['deesc-library-01', d('2026-01-28')]]),
    competencies: new Map([
      ['PEER.1', signed('developing', '2026-01-30')],
      ['DEESC.1', signed('developing', '2026-02-01')],
    ]),
    ...over,
  });

const hours = (on: string, h: number, category: string, times = 1): HoursEntry[] =>
  Array.from({ length: times }, () => ({ on: d(on), hours: h, category }));

/** Certified on 2026-09-10: everything for the certified stage, the last piece that day. */
function certified(over: Partial<PathwayFacts> = {}): PathwayFacts {
  const base = provisional();
  return {
    ...base,
    courses: new Map([...base.courses, ['trauma-informed-care', d('2026-03-01')]]),
    drills: new Map([...base.drills, ['deesc-bus-stop-01', d('2026-03-02')]]),
    competencies: new Map([
      ['PEER.1', [...signed('developing', '2026-01-30'), ...signed('proficient', '2026-06-01')]],
      ['PEER.2', signed('proficient', '2026-06-01')],
      ['DEESC.1', [...signed('developing', '2026-02-01'), ...signed('exemplary', '2026-06-01')]],
      ['DEESC.2', signed('proficient', '2026-06-01')],
    ]),
    practice: [
      ...hours('2026-03-10', 4, 'one-to-one', 8),
      ...hours('2026-04-10', 2, 'group', 5),
      ...hours('2026-05-10', 3, 'crisis-line', 10),
    ],
    supervision: [
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-09-10',
    ].map(d),
    ...over,
  };
}

describe('stages from facts', () => {
  it('starts everyone as a trainee, with what is missing for provisional', () => {
    const s = evaluatePathway(
      PATHWAY,
      facts({ courses: new Map([['peer-roles', d('2026-01-20')]]) }),
      d('2026-01-21'),
    );
    expect(s).toMatchObject({ stageId: 'trainee', status: 'trainee', lapse: null });
    expect(s.next).toMatchObject({
      stageId: 'provisional',
      deadline: null,
      metOn: null,
      missing: 4,
    });
    expect(s.next!.items.filter((i) => i.met).map((i) => i.ref)).toEqual(['peer-roles']);
  });

  it('makes a volunteer provisional on the day the last requirement is met', () => {
    expect(evaluatePathway(PATHWAY, provisional(), d('2026-01-31')).stageId).toBe('trainee');
    const s = evaluatePathway(PATHWAY, provisional(), d('2026-02-01'));
    expect(s).toMatchObject({
      stageId: 'provisional',
      status: 'provisional',
      since: d('2026-02-01'),
    });
    expect(s.next).toMatchObject({
      stageId: 'certified',
      deadline: d('2027-02-01'),
      countedFrom: d('2026-02-01'),
    });
  });

  it('counts a competency only at the level and with the sign-off required', () => {
    const unsigned = provisional({
      competencies: new Map([
        ['PEER.1', [{ level: 'proficient', signedOff: false, on: d('2026-01-30'), current: true }]],
        ['DEESC.1', signed('not-yet', '2026-01-30')],
      ]),
    });
    const s = evaluatePathway(PATHWAY, unsigned, d('2026-03-01'));
    expect(s.stageId).toBe('trainee');
    expect(s.next!.items.filter((i) => i.kind === 'competency')).toEqual([
      {
        kind: 'competency',
        ref: 'PEER.1',
        level: 'developing',
        signoff: true,
        have: 0,
        need: 1,
        met: false,
      },
      {
        kind: 'competency',
        ref: 'DEESC.1',
        level: 'developing',
        signoff: true,
        have: 0,
        need: 1,
        met: false,
      },
    ]);
  });

  it('counts practice hours in total and per category, and only from the start of the stage before', () => {
    const early = certified({
      practice: [...hours('2026-01-10', 8, 'one-to-one', 10), ...certified().practice.slice(1)],
    });
    const s = evaluatePathway(PATHWAY, early, d('2026-09-30'));
    expect(s.stageId).toBe('provisional');
    const ph = s.next!.items.filter((i) => i.kind === 'practice_hours');
    expect(ph).toEqual([
      { kind: 'practice_hours', ref: null, have: 68, need: 72, met: false },
      { kind: 'practice_hours', ref: 'one-to-one', have: 28, need: 30, met: false },
      { kind: 'practice_hours', ref: 'group', have: 10, need: 10, met: true },
    ]);
  });

  it('certifies on the day of the sixth supervision session, with progress numbers for each kind', () => {
    expect(
      evaluatePathway(PATHWAY, certified(), d('2026-09-09')).next!.items.find(
        (i) => i.kind === 'supervision_sessions',
      ),
    ).toEqual({
      kind: 'supervision_sessions',
      ref: null,
      have: 5,
      need: 6,
      met: false,
    });
    const s = evaluatePathway(PATHWAY, certified(), d('2026-09-10'));
    expect(s).toMatchObject({
      stageId: 'certified',
      status: 'current',
      since: d('2026-09-10'),
      lapse: null,
    });
    expect(s.renewal).toMatchObject({
      validUntil: d('2028-09-10'),
      opensOn: d('2028-06-12'),
      closesOn: d('2028-10-10'),
      window: 'not_open',
    });
    expect(s.next).toMatchObject({ stageId: 'facilitator' });
  });
});

describe('deadlines, lapse and recovery', () => {
  const notYet = () => certified({ supervision: certified().supervision.slice(0, 5) });

  it('meets the deadline on its last day, and lapses the day after', () => {
    expect(evaluatePathway(PATHWAY, notYet(), d('2027-02-01'))).toMatchObject({
      stageId: 'provisional',
      status: 'provisional',
      lapse: null,
    });
    const s = evaluatePathway(PATHWAY, notYet(), d('2027-02-02'));
    expect(s).toMatchObject({
      stageId: 'provisional',
      status: 'lapsed',
      lapse: { since: d('2027-02-02'), reason: 'deadline', wayBack: 'complete_next' },
      missing: 1,
    });
    expect(s.events.map((e) => e.kind)).toEqual(['reached', 'reached', 'lapsed']);
  });

  it('certifies late when the missing requirement comes after the deadline (recovery)', () => {
    const late = certified({
      supervision: [...certified().supervision.slice(0, 5), d('2027-03-15')],
    });
    const s = evaluatePathway(PATHWAY, late, d('2027-03-15'));
    expect(s).toMatchObject({
      stageId: 'certified',
      status: 'current',
      since: d('2027-03-15'),
      lapse: null,
    });
    expect(s.events.map((e) => `${dateOfDay(e.on)} ${e.kind} ${e.stageId}`)).toEqual([
      '2026-01-05 reached trainee',
      '2026-02-01 reached provisional',
      '2027-02-02 lapsed provisional',
      '2027-03-15 recovered certified',
      '2027-03-15 reached certified',
    ]);
  });
});

describe('renewal windows (certified on 2026-09-10: valid until 2028-09-10, opens 2028-06-12, closes 2028-10-10)', () => {
  const ce = (on: string): HoursEntry[] => [
    ...hours(on, 8, 'peer-specific', 3),
    { on: d(on), hours: 3, category: 'ethics' },
    ...hours(on, 3, 'elective', 3),
  ];
  const renewable = (ceOn: string, over: Partial<PathwayFacts> = {}) => {
    const base = certified();
    return certified({
      ce: ce(ceOn),
      practice: [...base.practice, ...hours('2027-05-01', 5, 'group', 8)],
      supervision: [
        ...base.supervision,
        ...['2027-01-10', '2027-04-10', '2027-08-10', '2028-01-10'].map(d),
      ],
      ...over,
    });
  };

  it('opens the short route exactly 90 days before expiry and renews then if everything is there', () => {
    const f = renewable('2027-10-01');
    expect(evaluatePathway(PATHWAY, f, d('2028-06-11')).renewal).toMatchObject({
      window: 'not_open',
      renewals: 0,
      missing: 0,
    });
    const s = evaluatePathway(PATHWAY, f, d('2028-06-12'));
    expect(s).toMatchObject({ status: 'renewed' });
    expect(s.renewal).toMatchObject({
      renewals: 1,
      cycleStart: d('2028-09-10'),
      validUntil: d('2030-09-10'),
      window: 'not_open',
    });
  });

  it('is open on the day before expiry, in grace on the expiry day, closed 30 days later', () => {
    const f = renewable('2027-10-01', { ce: [] });
    expect(evaluatePathway(PATHWAY, f, d('2028-09-09'))).toMatchObject({
      status: 'current',
      renewal: { window: 'open' },
    });
    const grace = evaluatePathway(PATHWAY, f, d('2028-09-10'));
    expect(grace).toMatchObject({
      status: 'lapsed',
      lapse: {
        reason: 'renewal',
        wayBack: 'renew_short',
        since: d('2028-09-10'),
        until: d('2028-10-10'),
      },
    });
    expect(grace.renewal!.window).toBe('grace');
    expect(evaluatePathway(PATHWAY, f, d('2028-10-09')).renewal!.window).toBe('grace');
    const closed = evaluatePathway(PATHWAY, f, d('2028-10-10'));
    expect(closed).toMatchObject({
      status: 'lapsed',
      lapse: { wayBack: 'full_route', until: null },
      renewal: { window: 'closed' },
    });
    expect(closed.renewal!.fullRoute).toMatchObject({ countedFrom: d('2028-09-10') });
  });

  it('counts CE against each quota: 24 peer-specific, 3 ethics, 9 elective, 36 in all', () => {
    const short = renewable('2027-10-01', {
      ce: [...hours('2027-10-01', 8, 'peer-specific', 4), ...hours('2027-10-01', 3, 'elective', 1)],
    });
    const s = evaluatePathway(PATHWAY, short, d('2028-07-01'));
    expect(s.renewal!.items.filter((i) => i.kind === 'ce_hours')).toEqual([
      { kind: 'ce_hours', ref: null, have: 35, need: 36, met: false },
      { kind: 'ce_hours', ref: 'peer-specific', have: 32, need: 24, met: true },
      { kind: 'ce_hours', ref: 'ethics', have: 0, need: 3, met: false },
      { kind: 'ce_hours', ref: 'elective', have: 3, need: 9, met: false },
    ]);
    expect(s).toMatchObject({ status: 'current', missing: 3 });
  });

  it('renews during grace (on the last day), not after it closes', () => {
    expect(evaluatePathway(PATHWAY, renewable('2028-10-09'), d('2028-10-09'))).toMatchObject({
      status: 'renewed',
      lapse: null,
    });
    const late = evaluatePathway(PATHWAY, renewable('2028-10-10'), d('2028-10-10'));
    expect(late).toMatchObject({ status: 'lapsed', lapse: { wayBack: 'full_route' } });
  });

  it('takes a lapsed volunteer back by the full route: hours and sessions again after the expiry', () => {
    const base = renewable('2027-10-01', { ce: [] });
    const again = {
      ...base,
      practice: [
        ...base.practice,
        ...hours('2029-01-10', 6, 'one-to-one', 6),
        ...hours('2029-02-10', 5, 'group', 8),
      ],
      supervision: [
        ...base.supervision,
        ...['2028-11-01', '2028-12-01', '2029-01-01', '2029-02-01', '2029-03-01', '2029-04-01'].map(
          d,
        ),
      ],
    };
    expect(evaluatePathway(PATHWAY, again, d('2029-03-31'))).toMatchObject({
      status: 'lapsed',
      missing: 1,
    });
    const s = evaluatePathway(PATHWAY, again, d('2029-04-01'));
    expect(s).toMatchObject({
      status: 'current',
      lapse: null,
      renewal: { cycleStart: d('2029-04-01'), validUntil: d('2031-04-01'), window: 'not_open' },
    });
    expect(
      s.events.filter((e) => e.kind !== 'reached').map((e) => `${dateOfDay(e.on)} ${e.kind}`),
    ).toEqual(['2028-09-10 lapsed', '2029-04-01 recovered']);
  });
});

describe('day arithmetic', () => {
  it('adds months clamped to the month’s end', () => {
    expect(dateOfDay(addMonthsToDay(d('2026-01-31'), 1))).toBe('2026-02-28');
    expect(dateOfDay(addMonthsToDay(d('2024-02-29'), 24))).toBe('2026-02-28');
    expect(dateOfDay(addMonthsToDay(d('2026-09-10'), 24))).toBe('2028-09-10');
  });
});
