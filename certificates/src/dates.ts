// The one place for calendar arithmetic shared by the API, the certificate engine and the web app
// (`@kindred/certificates/dates`, which pulls in nothing else). All of it is UTC.

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/** Milliseconds in a day. */
export const DAY_MS = 24 * HOUR_MS;

/**
 * `months` after `from` (negative goes back), same time of day, clamped to the target month's last
 * day: 31 Jan + 1 month = 28 Feb (29 Feb in a leap year), 29 Feb 2024 + 24 months = 28 Feb 2026.
 */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
