import type { ArgumentsHost } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorFilter } from './error.filter.js';
import { invalid } from './errors.js';
import { acceptLanguage, Localized, requestLang } from './i18n.js';
import { identifierMessage } from '../hours/identifiers.js';
import { validationPipe } from './validation.js';

const req = (headers: Record<string, string>, locale?: string | null) =>
  ({ headers, user: locale === undefined ? undefined : { locale } }) as unknown as Request;

function body(exception: unknown, request: Request) {
  let out: unknown;
  const res = {
    headersSent: false,
    setHeader: () => undefined,
    status: () => res,
    json: (b: unknown) => (out = b),
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return out as { message: string; details?: { field: string; messages: string[] }[] };
}

describe('the person’s language on the API', () => {
  it('a saved choice wins over the cookie and the browser; null follows the browser', () => {
    expect(requestLang(req({ 'accept-language': 'es-US,es;q=0.9' }, 'en'))).toBe('en');
    expect(requestLang(req({ 'accept-language': 'es-US,es;q=0.9' }, null))).toBe('es');
    expect(
      requestLang(req({ cookie: 'a=1; kindred_lang=es', 'accept-language': 'en' }, null)),
    ).toBe('es');
    expect(requestLang(req({}))).toBe('en');
  });

  it('reads Accept-Language by its q weights', () => {
    expect(acceptLanguage('fr-FR, en;q=0.5, es;q=0.8')).toBe('es');
    expect(acceptLanguage('de, es;q=0')).toBeUndefined();
  });

  it('says the hours privacy guard in Spanish to a Spanish reader, in English otherwise', () => {
    const error = invalid('reflection', identifierMessage('reflection', 'phone'));
    const es = body(error, req({ 'accept-language': 'es-US' }));
    expect(es.message).toBe(
      'La reflexión parece contener un número de teléfono. Nunca escribas datos de las personas que apoyas en tu registro: describe el lugar y lo que practicaste, no a la persona (sin nombres, teléfonos, correos ni direcciones).',
    );
    expect(es.details).toEqual([{ field: 'reflection', messages: [es.message] }]);
    const en = body(error, req({ 'accept-language': 'en-US' }));
    expect(en.message).toMatch(/^reflection looks like it contains a phone number\./);
    expect(new Localized('hours.identifier', { field: 'x', kind: 'name' }).in('en')).toMatch(
      /a person's full name/,
    );
  });

  it('names the wrong fields of a DTO in the reader’s language', () => {
    const factory = (validationPipe as unknown as { exceptionFactory: (e: unknown[]) => unknown })
      .exceptionFactory;
    const error = factory([
      { property: 'setting', constraints: { isString: 'setting must be a string' } },
      { property: 'hours', constraints: { max: 'hours must not be greater than 24' } },
    ]);
    expect(body(error, req({ 'accept-language': 'es' })).message).toBe('Revisa: El lugar, horas');
    expect(body(error, req({})).message).toBe('Please check: setting, hours');
  });
});
