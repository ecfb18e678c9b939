// Unit tests of the web app's i18n (no browser): every message is valid ICU in both languages with the same
// arguments, plurals follow the language, the locale follows the browser until a choice is saved, and dates
// go through Intl in the page's locale.
import { expect, test } from '@playwright/test';
import { IntlMessageFormat } from 'intl-messageformat';
import { IcuMessage } from '../../web/src/lib/i18n/icu';
import { en } from '../../web/src/lib/i18n/en';
import { es } from '../../web/src/lib/i18n/es';
import '../../web/src/lib/i18n/dictionaries';
import {
  browserLocale,
  carriedMessages,
  labelIn,
  registerDictionary,
  message,
  negotiateLocale,
  translator,
  INTL_LOCALE,
  type MessageKey,
} from '../../web/src/lib/i18n/index';
import { formatDate, formatDateTime, formatNumber } from '../../web/src/lib/format';
import { checkSessionForm } from '../../web/src/lib/drill-session-form';

/** A message's ICU syntax tree (the server, like this test, has both whole dictionaries). */
function ast(locale: 'en' | 'es', key: MessageKey) {
  const format = message(locale, key);
  if (!format) throw new Error(`${locale}:${key} is not registered`);
  return format.getAst() as Node[];
}

type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }> };
function argumentsOf(nodes: Node[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.type !== 0 && n.type !== 7 && n.value) out.add(n.value); // 0: literal, 7: #
    for (const o of Object.values(n.options ?? {})) argumentsOf(o.value, out);
  }
  return out;
}

test('every message compiles as ICU in both languages, with the same arguments', () => {
  const keys = Object.keys(en) as MessageKey[];
  expect(Object.keys(es).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    const a = [...argumentsOf(ast('en', key))].sort();
    const b = [...argumentsOf(ast('es', key))].sort();
    expect(b, key).toEqual(a);
  }
});

test('plurals through ICU, not "(s)"', () => {
  const es_ = translator('es');
  const en_ = translator('en');
  expect(es_('path.missing', { n: 1 })).toBe('Falta 1 requisito.');
  expect(es_('path.missing', { n: '3' })).toBe('Faltan 3 requisitos.');
  expect(en_('path.missing', { n: 1 })).toBe('1 item still missing.');
  expect(es_('path.renewals', { n: 1 })).toBe('Renovado 1 vez.');
  expect(es_('sup.age', { days: 2 })).toBe('2 días esperando');
  for (const text of [...Object.values(en), ...Object.values(es)])
    expect(text).not.toMatch(/\(s\)|\(es\)|\/veces|supervisor\/a/);
});

test('enum labels: the value’s message, or the value itself when there is none', () => {
  expect(labelIn(translator('es'), 'role', 'supervisor')).toBe('supervisor o supervisora');
  expect(labelIn(translator('es'), 'role', 'astronaut')).toBe('astronaut');
});

test('a page carries only the messages its render used, and nothing in it can close its script', () => {
  const carried = JSON.parse(
    carriedMessages([
      ['es', 'nav.signIn'],
      ['en', 'nav.menu'],
    ]),
  ) as Record<string, Record<string, string>>;
  expect(carried).toEqual({
    es: { 'nav.signIn': es['nav.signIn'] },
    en: { 'nav.menu': en['nav.menu'] },
  });
  // A message that would end the page's <script type="application/json"> is carried escaped.
  registerDictionary('en', { ...en, 'nav.signIn': 'Sign in </script><script>alert(1)</script>' });
  try {
    const text = carriedMessages([['en', 'nav.signIn']]);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({
      en: { 'nav.signIn': 'Sign in </script><script>alert(1)</script>' },
    });
  } finally {
    registerDictionary('en', en);
  }
});

test('the locale follows the browser until the person chooses one', () => {
  expect(negotiateLocale(null, null, 'es-US,es;q=0.9,en;q=0.8')).toBe('es');
  expect(negotiateLocale(null, null, 'fr, en;q=0.3, es;q=0.7')).toBe('es');
  expect(negotiateLocale('en', null, 'es-US')).toBe('en');
  expect(negotiateLocale(null, 'en', 'es-US')).toBe('en');
  expect(negotiateLocale(undefined, undefined, undefined)).toBe('en');
  expect(browserLocale('de, es;q=0')).toBeUndefined();
});

test('dates, times and numbers through Intl in the page’s locale', () => {
  expect(formatDate('2026-12-02', 'es')).toBe('2 dic 2026');
  expect(formatDate('2026-12-02', 'en')).toBe('Dec 2, 2026');
  expect(formatDate(null, 'es')).toBe('—');
  expect(formatDateTime('2026-12-02T15:30:00Z', 'es')).toMatch(/^2 dic 2026, \d{1,2}:30/);
  expect(formatNumber(1234.5, 'es')).toBe('1,234.5');
});

test('the group-drill form names its problems in the page’s language (issue 16)', () => {
  const values = {
    title: 'ab',
    startsAt: '2020-01-01T10:00',
    tz: '0',
    minutes: '5',
    place: '',
    videoUrl: 'video',
    injects: 'uno\n5: llega alguien\ndos\ntres',
    roles: {},
  };
  const { errors } = checkSessionForm(values, 'es');
  expect(errors).toEqual({
    title: 'Ponle al escenario un título de al menos 3 caracteres',
    startsAt: 'La fecha y la hora tienen que ser en el futuro',
    minutes: 'La duración tiene que ser un número entero de minutos, de 10 a 480',
    videoUrl: 'El enlace de video tiene que ser una dirección web (https://…)',
    injects: 'Las líneas 1, 3 y 4 deberían verse así: “20: qué pasa”',
    participants: 'Dale un rol al menos a una persona',
  });
  const late = checkSessionForm(
    { ...values, minutes: '30', videoUrl: '', injects: '45: tarde', startsAt: '' },
    'es',
  ).errors;
  expect(late.injects).toBe(
    'Un evento en el minuto 45 cae después del final de la sesión (30 minutos)',
  );
  expect(late.startsAt).toBe('Elige la fecha y la hora');
  expect(late.place).toBe('Indica un lugar o un enlace de video');
  // English stays as the group-drill e2e spec reads it
  const en_ = checkSessionForm({ ...values, injects: '5: x\nthe caller hangs up' }, 'en').errors;
  expect(en_.injects).toBe('Line 2 should look like “20: what happens”');
  expect(en_.place).toBeUndefined();
});

test('every message, in both languages, formats exactly as intl-messageformat formats it', () => {
  // The browser's formatter is Kindred's own (web/src/lib/i18n/icu.ts, issue 17: 10 KB less script on every
  // page); intl-messageformat stays the reference. Plural arguments get counts that reach every plural
  // category of English and Spanish (and the `=n` exact cases), the others text, a number and a date.
  const counts = [0, 1, 2, 3, 5, 21, 100, 1000, 1000000, 1.5, '3', '1'];
  const others: (string | number | Date)[] = [
    '«x»',
    1234.5,
    0,
    '',
    new Date(Date.UTC(2026, 11, 2)),
  ];
  let compared = 0;
  const differ: string[] = [];
  for (const [locale, dictionary] of [
    ['en', en],
    ['es', es],
  ] as const) {
    for (const [key, text] of Object.entries(dictionary)) {
      const reference = new IntlMessageFormat(text, INTL_LOCALE[locale], undefined, {
        ignoreTag: true,
      });
      const plurals = new Set<string>();
      const simple = new Set<string>();
      (function walk(nodes: Node[]) {
        for (const n of nodes) {
          if (n.type === 6 && n.value) plurals.add(n.value);
          else if (n.type !== 0 && n.type !== 7 && n.value) simple.add(n.value);
          for (const o of Object.values(n.options ?? {})) walk(o.value);
        }
      })(reference.getAst());
      for (const v of simple) plurals.delete(v);
      const rounds = Math.max(counts.length, others.length);
      for (let r = 0; r < rounds; r++) {
        const params: Record<string, string | number | Date> = {};
        let j = 0;
        for (const p of plurals) params[p] = counts[(r + j++) % counts.length];
        for (const s of simple) params[s] = others[(r + j++) % others.length];
        const want = reference.format(params);
        const expected = Array.isArray(want) ? want.join('') : String(want);
        const got = new IcuMessage(text, INTL_LOCALE[locale]).format(params);
        // One expect at the end: 24,000 of Playwright's expects take minutes.
        if (got !== expected)
          differ.push(`${locale}:${key} ${JSON.stringify({ params, got, expected })}`);
        compared++;
      }
    }
  }
  expect(differ).toEqual([]);
  expect(compared).toBeGreaterThan(1000);
});

test('the ICU corners the dictionaries may reach format as intl-messageformat does', () => {
  const corners = [
    'plain text',
    '',
    "It's {name}'s",
    "quote '{name}' and '{'braces'}' and '' and ''''",
    "don''t {name}",
    'a <b>bold</b> <br/> {name} > 2 < 3',
    "'<b>' quoted",
    '{ name } with spaces',
    '{n, plural, =0 {none} one {# item} other {# items}}',
    '{n,plural,one{#}other{# and #}}',
    "{n, plural, one {'#' is # } other {'#'s are #}}",
    '{n, plural, offset:1 =0 {nobody} =1 {only {name}} one {{name} and # other} other {{name} and # others}}',
    '{n, plural, one {Line {lines}} other {Lines {lines}}} should look like “20: what happens”',
    '{n, plural, one {# day} other {{m, plural, one {# week} other {# weeks}} or # days}}',
    'closing } brace and # pound outside',
    "trailing apostrophe '",
  ];
  const values = [0, 1, 2, 7, 1234, '5'];
  for (const text of corners)
    for (const locale of ['en-US', 'es-US'])
      for (const n of values) {
        const params = { n, m: n, name: 'Ana', lines: '3, 4' };
        const want = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).format(
          params,
        );
        const expected = Array.isArray(want) ? want.join('') : String(want);
        expect(new IcuMessage(text, locale).format(params), `${locale} ${text} n=${n}`).toBe(
          expected,
        );
      }
  // What Kindred's formatter does not read is refused when compiled, never shown half-formatted.
  for (const text of ['{a, select, x {y} other {z}}', '{n, number}', '{n, plural, one {x}}', '{a'])
    expect(() => new IcuMessage(text, 'en-US'), text).toThrow();
});
