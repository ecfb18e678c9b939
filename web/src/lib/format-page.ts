// The formatting module bound to the page being shown (components and pages use these).
import { pageLocale } from './i18n/context';
import { formatDate, formatDateTime, formatMonth, formatNumber } from './format';

type When = Parameters<typeof formatDate>[0];

export const date = (value: When, style?: 'medium' | 'long' | 'full') =>
  formatDate(value, pageLocale(), style);
export const dateTime = (value: When, style?: 'medium' | 'long' | 'full') =>
  formatDateTime(value, pageLocale(), style);
export const num = (value: number, digits?: number) => formatNumber(value, pageLocale(), digits);
/** A sentence dropped into a message that ends it itself ("…: {note}. Take care…"): without its own stop. */
export const withoutFinalStop = (text: string) => text.replace(/[.。]\s*$/, '');
export const month = (value: string) => formatMonth(value, pageLocale());
