import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './en';
import { es } from './es';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, es };

/** The BCP 47 tag handed to ICU/Intl: US English and US Spanish (`2 dic 2026`, `3:30 p.m.`). */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', es: 'es-US' };

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** True when `key` is one of the dictionary's keys (narrows a built key such as `role.${r}`). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/**
 * A signed-in person's saved choice first, then the language switch's cookie, then the browser's
 * preference (Accept-Language, in its q order). `saved` is null until the person chooses a language.
 */
export function negotiateLocale(
  saved?: string | null,
  cookie?: string | null,
  acceptLanguage?: string | null,
): Locale {
  if (isLocale(saved)) return saved;
  if (isLocale(cookie)) return cookie;
  return browserLocale(acceptLanguage) ?? 'en';
}

/** The first supported language of an Accept-Language header, by its q weights. */
export function browserLocale(acceptLanguage?: string | null): Locale | undefined {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^\s*q=([\d.]+)/.exec(r)?.[1]).find(Boolean);
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((p) => p.lang).find(isLocale);
}

export type MessageParams = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const compiled = new Map<string, IntlMessageFormat>();

/** Compiles (once) the ICU message of `key` in `locale`; English where the locale lacks it. */
export function message(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    // ignoreTag: "<" in a message is text, not an ICU rich-text tag.
    format = new IntlMessageFormat(DICTIONARIES[locale][key], INTL_LOCALE[locale], undefined, {
      ignoreTag: true,
    });
    compiled.set(id, format);
  }
  return format;
}

/** Messages are ICU MessageFormat (plurals: `{n, plural, one {# requisito} other {# requisitos}}`). */
export function translator(locale: Locale): Translate {
  return (key, params) => {
    const out = message(locale, key).format(params);
    return Array.isArray(out) ? out.join('') : String(out);
  };
}

/** The label of an enum value (`role`, `volunteer` → `role.volunteer`); the raw value if none exists. */
export function labelIn(
  translate: Translate,
  prefix: string,
  value: string,
  params?: MessageParams,
) {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? translate(key, params) : value;
}

export type { MessageKey };
