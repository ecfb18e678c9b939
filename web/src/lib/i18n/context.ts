import { page } from '$app/state';
import {
  isLocale,
  labelIn,
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

/** The translator for the page being shown. */
export function t(...args: Parameters<Translate>): string {
  return translator(pageLocale())(...args);
}

/** An enum value's label on this page: `label('role', m.role)` reads `role.<value>`. */
export function label(prefix: string, value: string | null | undefined, params?: MessageParams) {
  if (value === null || value === undefined) return '';
  return labelIn(translator(pageLocale()), prefix, value, params);
}
