import { IcuMessage } from './icu';
import type { MessageKey } from './en';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
type Dictionary = Record<MessageKey, string>;

/**
 * The whole dictionaries are not in the browser's bundle (both are about 44 KB gzipped, twice the rest of a
 * page's JavaScript). The server registers both (`./dictionaries`, imported by the hooks). A page carries the
 * messages its server render used, in its own language (`#kindred-messages`, written by the hooks); the
 * browser loads that language's whole dictionary only when it needs a message the page did not carry: on a
 * navigation (the root layout's load waits for it) or when something on the page shows a new message.
 */
const DICTIONARIES: Partial<Record<Locale, Dictionary>> = {};
const carried: Partial<Record<Locale, Partial<Dictionary>>> = {};

/** Registers a whole dictionary (the server does so for both at start; the browser when one is loaded). */
export function registerDictionary(locale: Locale, dictionary: Dictionary): void {
  DICTIONARIES[locale] = dictionary;
  for (const listener of listeners) listener();
}

/** The messages the server render looked up, per request: set by the hooks (an AsyncLocalStorage). */
let recordLookup: ((locale: Locale, key: MessageKey) => void) | undefined;
export function onLookup(record: typeof recordLookup): void {
  recordLookup = record;
}

/** The page's messages, as `#kindred-messages` carries them: `{ en: {key: text}, es: {…} }`. */
export function carriedMessages(lookups: Iterable<[Locale, MessageKey]>): string {
  const messages: Partial<Record<Locale, Partial<Dictionary>>> = {};
  for (const [locale, key] of lookups) {
    const text = DICTIONARIES[locale]?.[key];
    if (text !== undefined) (messages[locale] ??= {})[key] = text;
  }
  // Inside a <script> element: no `<` may end it early.
  return JSON.stringify(messages).replace(/</g, '\\u003c');
}

if (typeof document !== 'undefined') {
  try {
    const text = document.getElementById('kindred-messages')?.textContent ?? '';
    const page = JSON.parse(text) as Partial<Record<Locale, Partial<Dictionary>>>;
    for (const locale of LOCALES) if (page[locale]) carried[locale] = page[locale];
  } catch {
    // No messages carried (a page not rendered by the server): the dictionary is loaded on first use.
  }
}

const listeners = new Set<() => void>();
/** Called when a dictionary arrives, so what showed a message not yet loaded shows it (context.ts). */
export function onDictionary(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const loading = new Map<Locale, Promise<void>>();
/** Loads (once) the whole dictionary of `locale` in the browser; the server has both already. */
export function loadDictionary(locale: Locale): Promise<void> {
  if (DICTIONARIES[locale]) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = (
      locale === 'es' ? import('./es').then((m) => m.es) : import('./en').then((m) => m.en)
    )
      .then((dictionary) => registerDictionary(locale, dictionary))
      // Offline, or the network failed: tried again the next time a message is missing.
      .catch(() => void loading.delete(locale));
    loading.set(locale, pending);
  }
  return pending;
}

/** The text of `key` if this side has it now; else undefined and the dictionary is on its way. */
function source(locale: Locale, key: string): string | undefined {
  const text = DICTIONARIES[locale]?.[key as MessageKey] ?? carried[locale]?.[key as MessageKey];
  if (text === undefined && !DICTIONARIES[locale]) void loadDictionary(locale);
  return text;
}

/** The BCP 47 tag handed to ICU/Intl: US English and US Spanish (`2 dic 2026`, `3:30 p.m.`). */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', es: 'es-US' };

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/**
 * True when `key` is one of the dictionary's keys (narrows a built key such as `role.${r}`). In the browser,
 * before the whole dictionary has come, only the page's carried messages are known.
 */
export const isMessageKey = (key: string, locale: Locale = 'en'): key is MessageKey =>
  source(locale, key) !== undefined;

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
/** A language's translator; `locale` says which (a label checks its keys in that language). */
export type Translate = ((key: MessageKey, params?: MessageParams) => string) & { locale: Locale };

const compiled = new Map<string, IcuMessage>();

/**
 * Compiles (once) the ICU message of `key` in `locale`. Undefined only in the browser, while the
 * dictionary that has it is still loading.
 */
export function message(locale: Locale, key: MessageKey): IcuMessage | undefined {
  recordLookup?.(locale, key);
  const id = `${locale}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    const text = source(locale, key);
    if (text === undefined) return undefined;
    // "<" in a message is text, as intl-messageformat's ignoreTag reads it.
    format = new IcuMessage(text, INTL_LOCALE[locale]);
    compiled.set(id, format);
  }
  return format;
}

/**
 * Messages are ICU MessageFormat (plurals: `{n, plural, one {# requisito} other {# requisitos}}`). A
 * message still loading reads as empty for that moment; what shows it is drawn again when it arrives.
 */
const translators = new Map<Locale, Translate>();
export function translator(locale: Locale): Translate {
  const made = translators.get(locale);
  if (made) return made;
  const translate = (key: MessageKey, params?: MessageParams) => {
    return message(locale, key)?.format(params) ?? '';
  };
  const translatorOf = Object.assign(translate, { locale });
  translators.set(locale, translatorOf);
  return translatorOf;
}

/** The label of an enum value (`role`, `volunteer` → `role.volunteer`); the raw value if none exists. */
export function labelIn(
  translate: Translate,
  prefix: string,
  value: string,
  params?: MessageParams,
) {
  const key = `${prefix}.${value}`;
  return isMessageKey(key, translate.locale) ? translate(key, params) : value;
}

export type { MessageKey };
