import { page } from '$app/state';
import { createSubscriber } from 'svelte/reactivity';
import { formatDate } from '../format';
import {
  isLocale,
  labelIn,
  onDictionary,
  translator,
  type Locale,
  type MessageParams,
  type Translate,
} from './index';

/** The locale the server negotiated for the page being shown. */
export function pageLocale(): Locale {
  const locale: unknown = page.data.locale;
  return isLocale(locale) ? locale : 'en';
}

/**
 * Dates handed to a message as `date` (an ISO day or instant, as the API sends them) are shown through the
 * formatting module in the page's locale (`2 dic 2026`), so no page passes a raw `2026-12-02`.
 */
function withDates(locale: Locale, params?: MessageParams): MessageParams | undefined {
  const d = params?.date;
  if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(d)) return params;
  return { ...params, date: formatDate(d, locale) };
}

/** What shows a message redraws when a dictionary arrives (a message the page did not carry). */
const dictionaryArrived = createSubscriber((update) => onDictionary(update));

/** The translator for the page being shown. */
export function t(key: Parameters<Translate>[0], params?: MessageParams): string {
  dictionaryArrived();
  const locale = pageLocale();
  return translator(locale)(key, withDates(locale, params));
}

/** An enum value's label on this page: `label('role', m.role)` reads `role.<value>`. */
export function label(prefix: string, value: string | null | undefined, params?: MessageParams) {
  if (value === null || value === undefined) return '';
  dictionaryArrived();
  const locale = pageLocale();
  return labelIn(translator(locale), prefix, value, withDates(locale, params));
}
