import { escapeText, fold, icsEvent } from './calendar.js';

describe('calendar files (RFC 5545)', () => {
  const ics = icsEvent({
    uid: 'abc@kindred',
    start: new Date('2026-12-01T18:30:00Z'),
    end: new Date('2026-12-01T20:00:00Z'),
    stamp: new Date('2026-11-20T10:00:00.123Z'),
    summary: 'Tabletop: bus stop, evening; roles',
    description:
      'Line one\nLine two with a very long text that certainly goes beyond the seventy-five octet limit of one line',
    location: 'Room 2, Eastside library',
  });

  it('uses CRLF line endings, UTC times and one event', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20261201T183000Z\r\n');
    expect(ics).toContain('\r\nDTEND:20261201T200000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20261120T100000Z\r\n');
    expect(ics).toContain('UID:abc@kindred');
  });

  it('escapes text values and folds long lines at 75 octets', () => {
    expect(ics).toContain('SUMMARY:Tabletop: bus stop\\, evening\\; roles');
    expect(ics).toContain('LOCATION:Room 2\\, Eastside library');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      'DESCRIPTION:Line one\\nLine two with a very long text that certainly goes beyond the seventy-five octet limit of one line',
    );
    expect(escapeText('a\\b')).toBe('a\\\\b');
  });

  it('never splits a multi-byte character when folding', () => {
    const folded = fold('SUMMARY:' + 'ñ'.repeat(80));
    for (const line of folded.split('\r\n'))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe('SUMMARY:' + 'ñ'.repeat(80));
  });
});
