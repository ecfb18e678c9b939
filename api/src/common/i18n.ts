import { IntlMessageFormat } from 'intl-messageformat';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from './session-user.js';

/**
 * The API's words for people, in their language. A message is ICU MessageFormat (intl-messageformat, the
 * library the web app uses too), so plurals and numbers follow the language's rules.
 */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (v: unknown): v is Lang => LANGS.includes(v as Lang);
const INTL: Record<Lang, string> = { en: 'en-US', es: 'es-US' };

const MESSAGES = {
  'check.fields': {
    en: 'Please check: {fields}',
    es: 'Revisa: {fields}',
  },
  'hours.identifier': {
    en: "{field} looks like it contains {kind, select, email {an e-mail address} phone {a phone number} address {a street address} other {a person's full name}}. Never write client details in your log: describe the setting and what you practised, not the person (no names, phone numbers, e-mail or street addresses).",
    es: '{field} parece contener {kind, select, email {una dirección de correo electrónico} phone {un número de teléfono} address {una dirección postal} other {el nombre completo de una persona}}. Nunca escribas datos de las personas que apoyas en tu registro: describe el lugar y lo que practicaste, no a la persona (sin nombres, teléfonos, correos ni direcciones).',
  },
  'hours.future': {
    en: 'workedOn cannot be in the future: log hours once they are worked',
    es: 'La fecha no puede estar en el futuro: registra las horas cuando ya las hayas hecho.',
  },
  'hours.noteTooShort': {
    en: 'note must say what to change (at least 3 characters)',
    es: 'La nota debe decir qué cambiar (al menos 3 caracteres).',
  },
  'field.setting': { en: 'setting', es: 'El lugar' },
  'field.reflection': { en: 'reflection', es: 'La reflexión' },
  'field.note': { en: 'note', es: 'La nota' },
  'field.workedOn': { en: 'workedOn', es: 'fecha' },
  'field.hours': { en: 'hours', es: 'horas' },
  'field.category': { en: 'category', es: 'categoría' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageId = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

const compiled = new Map<string, IntlMessageFormat>();

export function say(lang: Lang, id: MessageId, params?: MessageParams): string {
  const key = `${lang}:${id}`;
  let f = compiled.get(key);
  if (!f) {
    f = new IntlMessageFormat(MESSAGES[id][lang], INTL[lang], undefined, { ignoreTag: true });
    compiled.set(key, f);
  }
  const out = f.format(params);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A field's name for people (the API field name itself in English, a word in Spanish). */
export function fieldName(lang: Lang, field: string): string {
  const id = `field.${field}`;
  return id in MESSAGES ? say(lang, id as MessageId) : field;
}

/** Text that is said in the reader's language when it leaves the API (see ErrorFilter). */
export class Localized {
  constructor(
    readonly id: MessageId,
    readonly params: MessageParams = {},
    /** Params that are field names, shown as words in the reader's language. */
    readonly fields: string[] = [],
  ) {}

  in(lang: Lang): string {
    const params = { ...this.params };
    for (const f of this.fields) {
      const v = params[f];
      if (typeof v === 'string')
        params[f] = v
          .split(', ')
          .map((name) => fieldName(lang, name))
          .join(', ');
    }
    return say(lang, this.id, params);
  }
}

/** The first supported language of an Accept-Language header, by q weight. */
export function acceptLanguage(header: string | undefined | null): Lang | undefined {
  return (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^\s*q=([\d.]+)/.exec(r)?.[1]).find(Boolean);
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((p) => p.lang)
    .find(isLang);
}

/** The person's language for this request: a saved choice, else the language switch's cookie, else the browser's. */
export function requestLang(req: Request | undefined): Lang {
  if (!req) return 'en';
  const saved = (req.user as SessionUser | undefined)?.locale;
  if (isLang(saved)) return saved;
  const cookie = /(?:^|;\s*)kindred_lang=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
  if (isLang(cookie)) return cookie;
  return acceptLanguage(req.headers['accept-language']) ?? 'en';
}

/** A handler parameter: the person's language for this request (see requestLang). */
export const ReqLang = createParamDecorator((_: unknown, ctx: ExecutionContext): Lang =>
  requestLang(ctx.switchToHttp().getRequest<Request>()),
);
