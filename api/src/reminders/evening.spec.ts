import { dueEvening, eveningToSkip, isTimeZone, localParts } from './evening.js';

const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '19:30' };

describe('the evening in a person’s own time zone', () => {
  it('knows IANA time zones and refuses offsets and made-up names', () => {
    expect(isTimeZone('America/Los_Angeles')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('+02:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('reads the wall clock there, across a date line', () => {
    // Tuesday 2026-12-08 03:45 UTC is still Monday evening on the US West coast.
    const at = new Date('2026-12-08T03:45:00Z');
    expect(localParts(at, 'America/Los_Angeles')).toEqual({
      date: '2026-12-07',
      day: 'mon',
      minutes: 19 * 60 + 45,
    });
    expect(localParts(at, 'America/New_York').day).toBe('mon');
    expect(localParts(at, 'Europe/Madrid')).toMatchObject({ date: '2026-12-08', day: 'tue' });
  });

  it('is due from the chosen time for two hours, on chosen days only', () => {
    const la = { ...weekdays, timeZone: 'America/Los_Angeles' };
    // Monday 19:29, 19:30, 21:29, 21:30 in Los Angeles (UTC-8 in December)
    expect(dueEvening(la, new Date('2026-12-08T03:29:00Z'))).toBeNull();
    expect(dueEvening(la, new Date('2026-12-08T03:30:00Z'))).toBe('2026-12-07');
    expect(dueEvening(la, new Date('2026-12-08T05:29:00Z'))).toBe('2026-12-07');
    expect(dueEvening(la, new Date('2026-12-08T05:30:00Z'))).toBeNull();
    // Saturday 19:30 is not a chosen day
    expect(dueEvening(la, new Date('2026-12-13T03:30:00Z'))).toBeNull();
  });

  it('follows daylight saving time: 19:30 stays 19:30 on the wall', () => {
    const ny = { days: ['sun'], time: '19:30', timeZone: 'America/New_York' };
    expect(dueEvening(ny, new Date('2026-07-12T23:30:00Z'))).toBe('2026-07-12'); // EDT, UTC-4
    expect(dueEvening(ny, new Date('2026-12-14T00:30:00Z'))).toBe('2026-12-13'); // EST, UTC-5
    expect(dueEvening(ny, new Date('2026-12-13T23:30:00Z'))).toBeNull(); // 18:30 EST
  });

  it('skips tonight while its reminder is to come, else the next chosen day', () => {
    const ny = { ...weekdays, timeZone: 'America/New_York' };
    const mondayNoon = new Date('2026-12-07T17:00:00Z');
    expect(eveningToSkip(ny, mondayNoon, false)).toBe('2026-12-07');
    expect(eveningToSkip(ny, mondayNoon, true)).toBe('2026-12-08');
    // Friday 23:00: tonight's window is over, the next chosen day is Monday
    expect(eveningToSkip(ny, new Date('2026-12-12T04:00:00Z'), false)).toBe('2026-12-14');
    expect(eveningToSkip({ ...ny, days: [] }, mondayNoon, false)).toBeNull();
  });
});
