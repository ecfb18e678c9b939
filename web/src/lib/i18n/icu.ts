/**
 * The ICU MessageFormat the dictionaries use — text, `{name}` and `{n, plural, [offset:k] =0 {…} one {…}
 * other {…}}` with `#` — parsed and formatted as intl-messageformat does (apostrophe quoting, `<` as text),
 * in about 1 KB instead of its 10.5 KB gzipped parser and formatter (issue 17: the module page's script
 * budget). Anything else (`select`, `number`, dates, tags) is refused when the message is compiled, so a
 * dictionary cannot use it unnoticed: tests/e2e/i18n-unit.spec.ts compiles every message in both languages
 * and compares each with intl-messageformat.
 */

/** Node types numbered as @formatjs/icu-messageformat-parser numbers them (0 text, 1 argument, 6 plural, 7 #). */
export type IcuNode =
  | { type: 0; value: string }
  | { type: 1; value: string }
  | { type: 6; value: string; offset: number; options: Record<string, { value: IcuNode[] }> }
  | { type: 7 };

export type IcuParams = Record<string, string | number | Date>;

export function parseIcu(source: string): IcuNode[] {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${i} in ${JSON.stringify(source)}`);
  };
  const space = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  const word = () => {
    const m = /^[^\s{}#,:'<>]+/.exec(source.slice(i));
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const expect = (c: string) => {
    space();
    if (source[i] !== c) fail(`expected "${c}"`);
    i++;
  };

  function message(depth: number, inPlural: boolean): IcuNode[] {
    const nodes: IcuNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 0, value: text });
      text = '';
    };
    while (i < source.length) {
      const c = source[i];
      if (c === '}' && depth > 0) break;
      if (c === '{') {
        flush();
        nodes.push(argument(depth));
      } else if (c === '#' && inPlural) {
        flush();
        nodes.push({ type: 7 });
        i++;
      } else if (c === "'") {
        const next = source[i + 1];
        if (next === "'") {
          text += "'";
          i += 2;
        } else if (
          next === '{' ||
          next === '}' ||
          next === '<' ||
          next === '>' ||
          (next === '#' && inPlural)
        ) {
          // Quoted: up to the next lone apostrophe, where '' is one apostrophe.
          i++;
          text += source[i++];
          while (i < source.length) {
            if (source[i] === "'") {
              if (source[i + 1] === "'") {
                text += "'";
                i += 2;
              } else {
                i++;
                break;
              }
            } else text += source[i++];
          }
        } else text += source[i++];
      } else text += source[i++];
    }
    flush();
    return nodes;
  }

  function argument(depth: number): IcuNode {
    i++; // {
    space();
    const name = word();
    space();
    if (source[i] === '}') {
      i++;
      return { type: 1, value: name };
    }
    expect(',');
    space();
    const kind = word();
    if (kind !== 'plural') fail(`"${kind}" is not supported (text, {name} and plural only)`);
    expect(',');
    space();
    let offset = 0;
    const off = /^offset:\s*(\d+)/.exec(source.slice(i));
    if (off) {
      offset = Number(off[1]);
      i += off[0].length;
    }
    const options: Record<string, { value: IcuNode[] }> = {};
    for (;;) {
      space();
      if (source[i] === '}') break;
      if (i >= source.length) fail('unclosed plural');
      let selector: string;
      if (source[i] === '=') {
        i++;
        const n = /^-?\d+(\.\d+)?/.exec(source.slice(i));
        if (!n) fail('expected a number after "="');
        i += n![0].length;
        selector = `=${n![0]}`;
      } else selector = word();
      if (selector in options) fail(`duplicate selector "${selector}"`);
      expect('{');
      options[selector] = { value: message(depth + 1, true) };
      if (source[i] !== '}') fail('unclosed option');
      i++;
    }
    if (!('other' in options)) fail('a plural needs "other"');
    i++; // }
    return { type: 6, value: name, offset, options };
  }

  const nodes = message(0, false);
  if (i < source.length) fail('unexpected "}"');
  return nodes;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function formatNodes(
  nodes: IcuNode[],
  locale: string,
  params: IcuParams | undefined,
  pluralValue: number | undefined,
): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 0) out += node.value;
    else if (node.type === 7) {
      if (typeof pluralValue !== 'number') continue;
      let nf = numberFormats.get(locale);
      if (!nf) numberFormats.set(locale, (nf = new Intl.NumberFormat(locale)));
      out += nf.format(pluralValue);
    } else {
      if (!params || !(node.value in params))
        throw new Error(`The message needs a value for "${node.value}"`);
      const value = params[node.value];
      if (node.type === 1)
        out += typeof value === 'string' || typeof value === 'number' || value ? String(value) : '';
      else {
        const n = (value as number) - node.offset;
        let option = node.options[`=${String(value)}`];
        if (!option) {
          let rules = pluralRules.get(locale);
          if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
          option = node.options[rules.select(n)] ?? node.options.other;
        }
        out += formatNodes(option.value, locale, params, n);
      }
    }
  }
  return out;
}

/** A compiled message: its syntax tree and a formatter in one locale. */
export class IcuMessage {
  private readonly ast: IcuNode[];
  constructor(
    source: string,
    private readonly locale: string,
  ) {
    this.ast = parseIcu(source);
  }
  getAst(): IcuNode[] {
    return this.ast;
  }
  format(params?: IcuParams): string {
    return formatNodes(this.ast, this.locale, params, undefined);
  }
}
