/**
 * Texts in more than one language, as the VC Data Model 2.0 writes them ("Language and base direction"):
 * a plain string, one language value object `{"@value", "@language"}`, or an array of them. Kindred issues a
 * program's `name` and `description` that way when the program has translations (English first), and reads
 * any of those forms back, picking the reader's language.
 */
import type { JsonValue } from './json.js';

/** A text in one language (a plain string) or several: language tag → text, the default language first. */
export type LangText = string | Readonly<Record<string, string>>;

export type LanguageValue = {
  '@value': string;
  '@language': string;
};

/**
 * What a credential carries for `text`: a plain string stays a string; a map of languages becomes an array of
 * language value objects in the map's order (the VC 2.0 form; each expands to an RDF language-tagged string).
 */
export function languageValues(text: LangText): string | LanguageValue[] {
  if (typeof text === 'string') return text;
  return Object.entries(text).map(([lang, value]) => ({ '@value': value, '@language': lang }));
}

/** The English text of `text` (or its first language): where one string is needed, e.g. an audit line. */
export function defaultText(text: LangText): string {
  return typeof text === 'string' ? text : (text.en ?? Object.values(text)[0] ?? '');
}

interface Tagged {
  value: string;
  lang?: string;
}

function tagged(value: JsonValue | undefined): Tagged[] {
  if (typeof value === 'string') return [{ value }];
  if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? [] : tagged(v)));
  if (value && typeof value === 'object' && typeof value['@value'] === 'string')
    return [
      {
        value: value['@value'],
        lang: typeof value['@language'] === 'string' ? value['@language'] : undefined,
      },
    ];
  return [];
}

const primary = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * The text of a `name`, `description` or similar value in `lang`: a string, a language value object or an
 * array of them. The reader's language wins (`es` matches `es-US` either way); else `fallback` (English);
 * else a string without a language; else the first. Undefined when the value holds no text at all.
 */
export function textIn(value: unknown, lang: string, fallback = 'en'): string | undefined {
  const all = tagged(value as JsonValue | undefined);
  if (!all.length) return undefined;
  const inLang = (l: string) =>
    all.find((t) => t.lang?.toLowerCase() === l.toLowerCase()) ??
    all.find((t) => t.lang && primary(t.lang) === primary(l));
  return (inLang(lang) ?? inLang(fallback) ?? all.find((t) => !t.lang) ?? all[0]).value;
}

/** The text of `value` in `lang` only (`es` matches `es-US`): no fallback to another language or an untagged string. */
export function textOnlyIn(value: unknown, lang: string): string | undefined {
  const all = tagged(value as JsonValue | undefined).filter((t) => t.lang);
  return (
    all.find((t) => t.lang!.toLowerCase() === lang.toLowerCase()) ??
    all.find((t) => primary(t.lang!) === primary(lang))
  )?.value;
}
