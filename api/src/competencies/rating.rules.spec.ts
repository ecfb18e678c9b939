import { loadCatalog } from '../content/content.service.js';
import type { EvidenceRow } from '../evidence/evidence.repository.js';
import { addMonths } from '@kindred/certificates';
import { deriveRating, missingFor } from './rating.rules.js';

const f = loadCatalog().framework;
const peer1 = f.competencies.find((c) => c.id === 'PEER.1')!;
let n = 0;
const row = (over: Partial<EvidenceRow>): EvidenceRow => ({
  id: `e${++n}`,
  volunteerId: 'v',
  competencyId: 'PEER.1',
  source: 'knowledge_check',
  sourceRef: null,
  actorId: null,
  level: null,
  grade: null,
  note: null,
  link: null,
  correctsId: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});
const now = new Date('2026-02-01T00:00:00Z');

describe('deriving a rating from the evidence log', () => {
  it('starts at the lowest level without evidence', () => {
    expect(deriveRating(f, peer1, [], now)).toMatchObject({
      level: 'not-yet',
      status: 'current',
      validUntil: null,
    });
  });

  it('caps course work and drills at developing, whatever level they claim', () => {
    const r = deriveRating(
      f,
      peer1,
      [
        row({ source: 'drill', level: 'exemplary' }),
        row({ source: 'knowledge_check', grade: 0.9 }),
      ],
      now,
    );
    expect(r.level).toBe('developing');
    expect(missingFor(f, r)).toBe('signoff');
  });

  it('a failed grade does not raise the level', () => {
    expect(deriveRating(f, peer1, [row({ grade: 0.4 })], now).level).toBe('not-yet');
  });

  it('a supervisor observation reaches proficient, valid for validityMonths from when it was made', () => {
    const obs = row({
      source: 'observation',
      level: 'proficient',
      actorId: 'sup',
      createdAt: new Date('2026-01-15T00:00:00Z'),
    });
    const r = deriveRating(f, peer1, [row({ grade: 1 }), obs], now);
    expect(r).toMatchObject({ level: 'proficient', signedOffBy: 'sup', evidenceIds: [obs.id] });
    expect(r.validUntil).toEqual(addMonths(new Date('2026-01-15T00:00:00Z'), 24));
    expect(missingFor(f, r)).toBeNull();
  });

  it('falls back to course work and is marked expired once the observation is past its validity', () => {
    const obs = row({
      source: 'observation',
      level: 'exemplary',
      createdAt: new Date('2020-01-01T00:00:00Z'),
    });
    const r = deriveRating(f, peer1, [row({ grade: 1 }), obs], now);
    expect(r).toMatchObject({ level: 'developing', status: 'expired' });
    expect(missingFor(f, r)).toBe('renewal');
  });

  it('ignores a row that a later row corrects', () => {
    const wrong = row({ source: 'observation', level: 'exemplary' });
    const fix = row({
      source: 'observation',
      level: 'proficient',
      correctsId: wrong.id,
      createdAt: new Date('2025-12-01T00:00:00Z'),
    });
    expect(deriveRating(f, peer1, [wrong, fix], now).level).toBe('proficient');
  });

  it('adds months without spilling into the next month', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });
});
