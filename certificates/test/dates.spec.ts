import {
  addMonths,
  addMonthsToDay,
  dateOfDay,
  dayOf,
  DAY_MS,
  HOUR_MS,
  programValidUntil,
} from '../src/index.js';
import type { Program } from '../src/index.js';

const at = (iso: string) => new Date(iso);
const plus = (iso: string, months: number) => addMonths(at(iso), months).toISOString();

describe('addMonths', () => {
  it('clamps to the last day of a shorter month', () => {
    expect(plus('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(plus('2026-03-31T00:00:00.000Z', 1)).toBe('2026-04-30T00:00:00.000Z');
    expect(plus('2026-08-31T00:00:00.000Z', -2)).toBe('2026-06-30T00:00:00.000Z');
  });

  it('knows leap years', () => {
    expect(plus('2028-01-31T00:00:00.000Z', 1)).toBe('2028-02-29T00:00:00.000Z');
    expect(plus('2024-02-29T00:00:00.000Z', 24)).toBe('2026-02-28T00:00:00.000Z');
    expect(plus('2024-02-29T00:00:00.000Z', 48)).toBe('2028-02-29T00:00:00.000Z');
    expect(plus('2100-01-31T00:00:00.000Z', 1)).toBe('2100-02-28T00:00:00.000Z'); // no leap day in 2100
    expect(plus('2000-01-31T00:00:00.000Z', 1)).toBe('2000-02-29T00:00:00.000Z');
  });

  it('crosses years both ways and keeps the time of day', () => {
    expect(plus('2026-11-30T23:59:59.999Z', 3)).toBe('2027-02-28T23:59:59.999Z');
    expect(plus('2026-01-15T08:30:00.000Z', -13)).toBe('2024-12-15T08:30:00.000Z');
    expect(plus('2026-09-10T00:00:00.000Z', 0)).toBe('2026-09-10T00:00:00.000Z');
  });

  it('does not change its argument', () => {
    const from = at('2026-01-31T00:00:00.000Z');
    addMonths(from, 1);
    expect(from.toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('gives the same answer on day numbers and on programs', () => {
    const d = (s: string) => dayOf(`${s}T00:00:00Z`);
    expect(dateOfDay(addMonthsToDay(d('2026-01-31'), 1))).toBe('2026-02-28');
    expect(dateOfDay(addMonthsToDay(d('2024-02-29'), 24))).toBe('2026-02-28');
    const program = { validityMonths: 24 } as Program;
    expect(programValidUntil(program, at('2024-02-29T12:00:00.000Z')).toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
  });

  it('DAY_MS is a day', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
  });

  it('HOUR_MS is an hour', () => {
    expect(HOUR_MS).toBe(60 * 60 * 1000);
    expect(24 * HOUR_MS).toBe(DAY_MS);
  });
});
