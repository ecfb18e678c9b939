// Dates, times and numbers for people, always through Intl in the page's locale (`2 dic 2026`, never
// `12/2/2026`). Every page formats through here (or `$lib/format-page`, which reads the page's locale).
import { INTL_LOCALE, type Locale } from './i18n';

type When = string | number | Date | null | undefined;

/** A calendar date (`2026-12-02`) is a day, not an instant: it is shown in UTC so it never shifts a day. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: When): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dtf(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `d:${locale}:${JSON.stringify(options)}`;
  let f = cache.get(id) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(id, (f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options)));
  return f;
}
function nf(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `n:${locale}:${JSON.stringify(options)}`;
  let f = cache.get(id) as Intl.NumberFormat | undefined;
  if (!f) cache.set(id, (f = new Intl.NumberFormat(INTL_LOCALE[locale], options)));
  return f;
}

/** `Dec 2, 2026` / `2 dic 2026`; `—` for no date. */
export function formatDate(
  value: When,
  locale: Locale,
  style: 'medium' | 'long' | 'full' = 'medium',
): string {
  const d = toDate(value);
  if (!d) return '—';
  const utc = typeof value === 'string' && DATE_ONLY.test(value);
  return dtf(locale, { dateStyle: style, ...(utc ? { timeZone: 'UTC' } : {}) }).format(d);
}

/** `Dec 2, 2026, 3:30 PM` / `2 dic 2026, 3:30 p.m.`. */
export function formatDateTime(
  value: When,
  locale: Locale,
  style: 'medium' | 'long' | 'full' = 'medium',
): string {
  const d = toDate(value);
  return d ? dtf(locale, { dateStyle: style, timeStyle: 'short' }).format(d) : '—';
}

/** `1,234.5`; `maximumFractionDigits` defaults to 1 (hours). */
export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 1): string {
  return nf(locale, { maximumFractionDigits }).format(value);
}

/** A month (`2026-12`) as `Dec 2026` / `dic 2026`, in UTC so it never shifts. */
export function formatMonth(month: string, locale: Locale): string {
  const d = toDate(`${month}-01T00:00:00Z`);
  if (!d) return month;
  return dtf(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}
