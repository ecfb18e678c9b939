import { Localized } from '../common/i18n.js';
/**
 * Practice-hours entries must never hold client details. This catches the obvious identifiers (phone
 * numbers, e-mail addresses, street addresses with a number, a full name right after "client"/"caller")
 * while keeping false positives low: dates, times, hour ranges and counts pass.
 */
export type IdentifierKind = 'email' | 'phone' | 'address' | 'name';

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
// A run of digits with the usual separators; counted below (7 to 15 digits is a phone number).
const DIGIT_RUN = /\+?\(?\d[\d\s().\-/]{4,}\d/g;
const DATE_LIKE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
// An hour range such as 1800-2200: two numbers of the same length (555-1234 is not one).
const RANGE_LIKE = /^(\d{1,4})\s*[-/]\s*(\d{1,4})$/;
const STREET_SUFFIX =
  '(?:[Ss]treet|St|[Aa]venue|Ave|[Rr]oad|Rd|[Bb]oulevard|Blvd|[Ll]ane|Ln|[Dd]rive|Dr|[Cc]ourt|Ct|[Ww]ay|[Pp]lace|Pl|[Tt]errace|[Cc]ircle|[Hh]ighway|Hwy|[Cc]rescent|[Cc]lose)';
const STREET = new RegExp(
  `\\b\\d{1,5}[A-Za-z]?,?\\s+(?:[A-Z][\\w'’-]*\\s+){1,3}${STREET_SUFFIX}\\b`,
);
const CALLE =
  /\b(?:Calle|Avenida|Av\.|Carrera|Paseo|Plaza)\s+(?:(?:de|del|la|las|los)\s+)?(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñü'-]*\s+){1,3}(?:n[º°o]\.?\s*)?\d{1,5}\b/;
const PERSON_WORD =
  '(?:client|caller|patient|service user|participant|guest|cliente|paciente|persona que llamó|usuario|usuaria)';
const NAMED = new RegExp(
  `\\b${PERSON_WORD}\\s*(?:named|called|llamad[oa]|:)?\\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñü'-]+)\\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñü'-]+)`,
  'i',
);
const CAPITALISED = /^[A-ZÁÉÍÓÚÑ]/;

function hasPhone(text: string): boolean {
  for (const m of text.matchAll(DIGIT_RUN)) {
    const raw = m[0].trim();
    const digits = raw.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15) continue;
    const range = RANGE_LIKE.exec(raw);
    if (DATE_LIKE.test(raw) || (range && range[1].length === range[2].length)) continue;
    return true;
  }
  return false;
}

function hasName(text: string): boolean {
  const m = NAMED.exec(text);
  // The person word may be any case; the two words after it must both be capitalised, as names are.
  return Boolean(m && CAPITALISED.test(m[1]) && CAPITALISED.test(m[2]));
}

/** The first kind of identifier found in the text, or null. */
export function findIdentifier(text: string | null | undefined): IdentifierKind | null {
  if (!text) return null;
  if (EMAIL.test(text)) return 'email';
  if (hasPhone(text)) return 'phone';
  if (STREET.test(text) || CALLE.test(text)) return 'address';
  if (hasName(text)) return 'name';
  return null;
}

/** The 400 message for a field: what was found, and why it may not be stored (in the reader's language). */
export function identifierMessage(field: string, kind: IdentifierKind): Localized {
  return new Localized('hours.identifier', { field, kind }, ['field']);
}
