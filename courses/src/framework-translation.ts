import type { LoadContext } from './context.js';
import { isFile, join, subdirs } from './files.js';
import { checkLevels, FRAMEWORK_FILE, openFramework } from './framework.js';
import { formatPath, isRecord, type Reader } from './reader.js';
import { pluralize } from './problems.js';
import { checkSource, LANG_DIR } from './translation.js';
import type {
  Competency,
  CompetencyText,
  Framework,
  FrameworkTranslation,
  ItemText,
  StaleTranslation,
} from './types.js';
import type { Path } from './yaml-source.js';

const TOP_KEYS = ['lang', 'source', 'framework', 'scale', 'domains', 'competencies'];
/** Structure a writer might copy from the English: said plainly rather than as an unknown field. */
const STRUCTURAL = ['rules', 'domain', 'validity_months', 'proficient'];

/** Allows `allowed` at `at`; a structural key is reported as belonging to the English file only. */
function textKeys(
  r: Reader,
  at: Path,
  allowed: readonly string[],
  structural: readonly string[] = STRUCTURAL,
): void {
  const value = at.length ? r.get(at) : r.src.data;
  for (const key of structural) {
    if (!isRecord(value) || !(key in value)) continue;
    const path = [...at, key];
    r.report(path, `"${formatPath(path)}" is set only in the English ${FRAMEWORK_FILE}`);
  }
  r.onlyKeys(at, [...allowed, ...structural]);
}

/**
 * Loads every `<lang>/competencies.yaml` into `framework.translations`: the same ids in the same order as
 * the English, text only. Stale ones (made from an older English file) are added to `stale`.
 */
export function loadFrameworkTranslations(
  ctx: LoadContext,
  framework: Framework,
  stale: StaleTranslation[],
): void {
  // Without a readable English framework there is nothing to compare a translation with.
  if (!ctx.competencyIds) return;
  for (const lang of subdirs(ctx.root).filter((d) => LANG_DIR.test(d))) {
    const file = `${lang}/${FRAMEWORK_FILE}`;
    if (!isFile(join(ctx.root, file))) continue;
    const r = openFramework(ctx, file);
    if (!r) continue;
    const t = readTranslation(r, lang, framework);
    const s = checkSource(ctx, lang, file, FRAMEWORK_FILE, t.source);
    if (s) {
      stale.push(s);
      t.behind = { englishUpdatedOn: s.englishUpdatedOn };
    }
    framework.translations[lang] = t;
  }
}

function readTranslation(r: Reader, lang: string, f: Framework): FrameworkTranslation {
  textKeys(r, [], TOP_KEYS);
  const written = r.string(['lang']);
  if (written && written !== lang)
    r.report(['lang'], `lang "${written}" differs from its folder "${lang}"`);
  textKeys(r, ['framework'], ['title', 'description'], ['id', 'version']);
  const source = r.optString(['source']);
  const scale = matchIds(r, ['scale'], f.scale, 'scale level', (at) => itemText(r, at));
  const domains = matchIds(r, ['domains'], f.domains, 'domain', (at) => itemText(r, at));
  const competencies = matchIds(r, ['competencies'], f.competencies, 'competency', (at, c) =>
    competencyText(r, at, c, f),
  );
  return {
    lang,
    file: r.file,
    ...(source !== undefined && { source }),
    title: r.string(['framework', 'title']),
    description: r.string(['framework', 'description']),
    scale,
    domains,
    competencies,
  };
}

function itemText(r: Reader, at: Path): ItemText {
  textKeys(r, at, ['id', 'name', 'description']);
  return { name: r.string([...at, 'name']), description: r.string([...at, 'description']) };
}

function competencyText(r: Reader, at: Path, c: Competency, f: Framework): CompetencyText {
  textKeys(r, at, ['id', 'name', 'description', 'behaviors', 'rubric']);
  const behaviors = r.strings([...at, 'behaviors']);
  const written = r.get([...at, 'behaviors']);
  if (Array.isArray(written) && written.length !== c.behaviors.length) {
    r.report(
      [...at, 'behaviors'],
      `${pluralize(written.length, 'behavior')}; the English has ${c.behaviors.length}`,
    );
  }
  const rubric = matchIds(r, [...at, 'rubric'], c.rubric, 'rubric criterion', (k) => {
    textKeys(r, k, ['id', 'criterion', 'levels']);
    const levels = r.stringMap([...k, 'levels']);
    if (r.has([...k, 'levels'])) checkLevels(r, k, levels, f.scale);
    return { criterion: r.string([...k, 'criterion']), levels };
  });
  return {
    name: r.string([...at, 'name']),
    description: r.string([...at, 'description']),
    behaviors,
    rubric,
  };
}

/**
 * A translated list must hold the English list's ids, each once, in the English order. Reports unknown,
 * repeated, missing and reordered ids at their lines; reads the text of each id it knows.
 */
function matchIds<E extends { id: string }, T>(
  r: Reader,
  path: Path,
  english: E[],
  what: string,
  read: (at: Path, item: E) => T,
): Record<string, T> {
  const items = r.list(path);
  r.uniqueIds(path, what);
  const out: Record<string, T> = {};
  const seen: { id: string; i: number }[] = [];
  items.forEach((_, i) => {
    const id = r.string([...path, i, 'id']);
    if (!id) return;
    const item = english.find((e) => e.id === id);
    if (!item) {
      r.report([...path, i, 'id'], `unknown ${what} "${id}"`);
      return;
    }
    if (Object.hasOwn(out, id)) return;
    seen.push({ id, i });
    out[id] = read([...path, i], item);
  });
  const expected = english.filter((e) => Object.hasOwn(out, e.id)).map((e) => e.id);
  const first = seen.findIndex((s, k) => s.id !== expected[k]);
  if (first >= 0) {
    const { id, i } = seen[first];
    r.report(
      [...path, i, 'id'],
      `${what} "${id}" is out of order: the English has "${expected[first]}" here`,
    );
  }
  const missing = english.filter((e) => !Object.hasOwn(out, e.id)).map((e) => `"${e.id}"`);
  if (missing.length && Array.isArray(r.get(path)))
    r.report(path, `missing ${what} id(s) ${missing.join(', ')} of the English`);
  return out;
}

const localized = new WeakMap<Framework, Map<string, Framework>>();

/**
 * The framework with its texts in `lang`, field by field: where the translation lacks a text (or there
 * is no translation), the English stays. Ids, order, rules and flags are the English file's.
 */
export function localizeFramework(f: Framework, lang: string): Framework {
  const t = Object.hasOwn(f.translations, lang) ? f.translations[lang] : undefined;
  if (!t) return f;
  let byLang = localized.get(f);
  if (!byLang) localized.set(f, (byLang = new Map<string, Framework>()));
  const cached = byLang.get(lang);
  if (cached) return cached;
  const text = <I extends ItemText>(item: I, tr: ItemText | undefined): I => ({
    ...item,
    name: tr?.name || item.name,
    description: tr?.description || item.description,
  });
  const out: Framework = {
    ...f,
    title: t.title || f.title,
    description: t.description || f.description,
    scale: f.scale.map((s) => text(s, t.scale[s.id])),
    domains: f.domains.map((d) => text(d, t.domains[d.id])),
    competencies: f.competencies.map((c) => {
      const ct = t.competencies[c.id];
      return {
        ...text(c, ct),
        behaviors: c.behaviors.map((b, i) => ct?.behaviors[i] || b),
        rubric: c.rubric.map((k) => {
          const kt = ct?.rubric[k.id];
          const levels = Object.entries(k.levels).map(([l, v]): [string, string] => [
            l,
            kt?.levels[l] || v,
          ]);
          return {
            ...k,
            criterion: kt?.criterion || k.criterion,
            levels: Object.fromEntries(levels),
          };
        }),
      };
    }),
  };
  byLang.set(lang, out);
  return out;
}
