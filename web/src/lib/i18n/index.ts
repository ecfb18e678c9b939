import { en, type MessageKey } from './en';
import { es } from './es';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, es };

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** A signed-in person's saved choice first, then the language switch's cookie, then the browser's preference. */
export function negotiateLocale(
  saved?: string | null,
  cookie?: string | null,
  acceptLanguage?: string | null,
): Locale {
  if (isLocale(saved)) return saved;
  if (isLocale(cookie)) return cookie;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return preferred.find(isLocale) ?? 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export function translator(locale: Locale): Translate {
  const dict = DICTIONARIES[locale];
  return (key, params) => {
    const text = dict[key] ?? en[key];
    return params
      ? text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`)
      : text;
  };
}

export type { MessageKey };
