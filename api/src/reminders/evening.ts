/** The days of the week as a schedule names them (ISO order: Monday first). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * How long after the chosen time a reminder may still go out (an instance that was down at 19:00 and is back
 * at 19:40 still sends tonight's), and no later: a reminder at midnight for a 19:00 evening would only wake
 * someone up.
 */
export const LATE_WINDOW_MIN = 120;

export interface Schedule {
  days: readonly string[];
  /** HH:MM, 24-hour, in the schedule's time zone */
  time: string;
  timeZone: string;
}

/** An IANA time zone name that this Node's Intl knows (e.g. America/New_York, UTC); offsets are refused. */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz))
    return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const isTime = (v: unknown): v is string =>
  typeof v === 'string' && /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(v);

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in a time zone: its date (YYYY-MM-DD), weekday and minutes since local midnight. */
export function localParts(
  at: Date,
  timeZone: string,
): { date: string; day: Weekday; minutes: number } {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    day: p.weekday.toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The local evening (its date in the person's time zone) whose reminder is due at `at`, or null: the day is
 * one they chose and the clock there is at or past their time, within the late window.
 */
export function dueEvening(s: Schedule, at: Date): string | null {
  if (!isTimeZone(s.timeZone)) return null;
  const local = localParts(at, s.timeZone);
  const late = local.minutes - minutesOf(s.time);
  return s.days.includes(local.day) && late >= 0 && late < LATE_WINDOW_MIN ? local.date : null;
}

/** The calendar date `n` days after a YYYY-MM-DD date, and its weekday (no time zone involved). */
function addDays(date: string, n: number): { date: string; day: Weekday } {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return { date: d.toISOString().slice(0, 10), day: WEEKDAYS[(d.getUTCDay() + 6) % 7] };
}

/**
 * The evening "not tonight" skips: tonight when tonight is a chosen day whose reminder is still to come
 * (not sent, its window not over), else the next chosen day. Null when no day is chosen.
 */
export function eveningToSkip(s: Schedule, at: Date, sentTonight: boolean): string | null {
  if (!s.days.length) return null;
  const local = localParts(at, s.timeZone);
  const over = local.minutes - minutesOf(s.time) >= LATE_WINDOW_MIN;
  for (let n = 0; n <= 7; n++) {
    const d = n === 0 ? { date: local.date, day: local.day } : addDays(local.date, n);
    if (!s.days.includes(d.day)) continue;
    if (n === 0 && (sentTonight || over)) continue;
    return d.date;
  }
  return null;
}
