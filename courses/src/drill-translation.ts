import { report, type LoadContext } from './context.js';
import { DRILLS_DIR, loadDrillTranslation, type ParsedDrill } from './drill.js';
import { join, markdownNames } from './files.js';
import { checkSource } from './translation.js';
import type {
  Drill,
  DrillChoice,
  DrillNode,
  DrillNodeText,
  DrillTranslation,
  StaleTranslation,
} from './types.js';

// A translated drill carries text only: the graph that scores an attempt (node ids and order, tiers,
// endings, each choice's score, flag, competency, tier and target, the pass mark, the minutes and the
// competencies) must be the English drill's, so an attempt scores the same in every language and an
// attempt started in one language can go on in another. Every difference is reported at its line.

/**
 * Loads `<lang>/<course>/drills/*.md` into the English drills' `translations`. A translation that differs
 * from its English drill in anything but text is reported and not loaded; stale ones go to `stale`.
 */
export function loadDrillTranslations(
  ctx: LoadContext,
  lang: string,
  slug: string,
  drills: Drill[],
  stale: StaleTranslation[],
): void {
  const dir = `${lang}/${slug}/${DRILLS_DIR}`;
  for (const name of markdownNames(join(ctx.root, dir))) {
    const file = `${dir}/${name}.md`;
    const original = drills.find((d) => d.courseSlug === slug && d.id === name);
    if (!original) {
      const elsewhere = drills.find((d) => d.id === name);
      const hint = elsewhere ? ` (it is a drill of course "${elsewhere.courseSlug}")` : '';
      report(
        ctx,
        file,
        1,
        `translates drill "${name}", which course "${slug}" does not have${hint}`,
      );
      continue;
    }
    const parsed = loadDrillTranslation(ctx, file, slug, lang);
    if (!parsed || !matchesOriginal(parsed, original)) continue;
    const t = textsOf(parsed, lang);
    const s = checkSource(ctx, lang, file, original.file, t.source);
    if (s) {
      stale.push(s);
      t.behind = { englishUpdatedOn: s.englishUpdatedOn };
    }
    original.translations[lang] = t;
  }
}

function textsOf({ drill, nodes, reader }: ParsedDrill, lang: string): DrillTranslation {
  const source = reader.optString(['source']);
  return {
    lang,
    file: drill.file,
    ...(source !== undefined && { source }),
    title: drill.title,
    setting: drill.setting,
    ...(drill.contentNote !== undefined && { contentNote: drill.contentNote }),
    strongPath: drill.strongPath,
    reflection: drill.reflection,
    nodes: Object.fromEntries(
      nodes.map((n): [string, DrillNodeText] => [
        n.id,
        { text: n.text, choices: n.choices.map((c) => ({ text: c.text, feedback: c.feedback })) },
      ]),
    ),
  };
}

const list = (ids: string[]) => ids.map((id) => `"${id}"`).join(', ');

/** Reports every way the translation's graph or settings differ from the English; true when none. */
function matchesOriginal(t: ParsedDrill, o: Drill): boolean {
  const r = t.reader;
  let ok = true;
  const at = (path: string[], message: string) => {
    ok = false;
    r.report(path, message);
  };
  const atLine = (line: number, message: string) => {
    ok = false;
    r.reportLine(line, message);
  };
  const d = t.drill;
  if (d.minutes !== o.minutes)
    at(['minutes'], `minutes ${d.minutes} differ from the original's ${o.minutes}`);
  if (d.pass !== o.pass) at(['pass'], `pass ${d.pass} differs from the original's ${o.pass}`);
  if (d.competencies.join(', ') !== o.competencies.join(', '))
    at(
      ['competencies'],
      `competencies (${d.competencies.join(', ')}) differ from the original's (${o.competencies.join(', ')})`,
    );
  if (o.contentNote !== undefined && d.contentNote === undefined)
    atLine(1, 'the original has a content_note: translate it, so every reader is warned');
  if (o.contentNote === undefined && d.contentNote !== undefined)
    at(['content_note'], 'the original has no content_note');
  const english = Object.values(o.nodes).sort((a, b) => a.line - b.line);
  const byId = new Map(english.map((n) => [n.id, n]));
  const known = t.nodes.filter((n) => byId.has(n.id));
  for (const n of t.nodes.filter((x) => !byId.has(x.id)))
    atLine(n.line, `node "${n.id}" is not in the original`);
  const expected = english.filter((e) => known.some((n) => n.id === e.id));
  const first = known.findIndex((n, i) => n.id !== expected[i].id);
  if (first >= 0) {
    const n = known[first];
    atLine(n.line, `node "${n.id}" is out of order: the original has "${expected[first].id}" here`);
  }
  const missing = english.filter((e) => !t.nodes.some((n) => n.id === e.id)).map((e) => e.id);
  if (missing.length) atLine(t.bodyLine, `missing node(s) ${list(missing)} of the original`);
  for (const n of known) nodeMismatches(n, byId.get(n.id)!).forEach(([l, m]) => atLine(l, m));
  return ok;
}

type Mismatch = [line: number, message: string];

function nodeMismatches(n: DrillNode, o: DrillNode): Mismatch[] {
  const out: Mismatch[] = [];
  const tier = n.tier ?? 1;
  const originalTier = o.tier ?? 1;
  if (tier !== originalTier)
    out.push([
      n.line,
      `node "${n.id}" is at tier ${tier}; the original's is at tier ${originalTier}`,
    ]);
  if (n.end && o.end && n.end.outcome !== o.end.outcome)
    out.push([n.line, `outcome "${n.end.outcome}" differs from the original's "${o.end.outcome}"`]);
  if (n.end && o.end && n.end.review !== o.end.review)
    out.push([
      n.line,
      `review: ${n.end.review} differs from the original's review: ${o.end.review}`,
    ]);
  if (!n.text && o.text)
    out.push([n.line, `node "${n.id}" has no text; the original's node has some`]);
  if (n.choices.length !== o.choices.length)
    out.push([
      n.line,
      `node "${n.id}" has ${n.choices.length} choice(s); the original has ${o.choices.length}`,
    ]);
  n.choices.forEach((c, i) => {
    const oc = o.choices[i];
    if (oc) out.push(...choiceMismatches(c, oc));
  });
  return out;
}

const FIELDS = ['score', 'flag', 'comp', 'tier', 'target'] as const;

function choiceMismatches(c: DrillChoice, o: DrillChoice): Mismatch[] {
  const shown = (v: string | number | undefined) => (v === undefined ? 'none' : JSON.stringify(v));
  return FIELDS.filter((f) => (f === 'tier' ? (c.tier ?? 1) !== (o.tier ?? 1) : c[f] !== o[f])).map(
    (f): Mismatch => [
      c.line,
      `choice ${c.index + 1}: ${f} ${shown(c[f])} differs from the original's ${shown(o[f])}`,
    ],
  );
}

const localized = new WeakMap<Drill, Map<string, Drill>>();

/**
 * The drill with its texts in `lang` (the title, setting, content note, strong path, reflection, each
 * situation, each choice's text and feedback); the English where there is no translation. The graph
 * (ids, scores, flags, tiers, targets, endings) is the English drill's, and `translations` is kept.
 */
export function localizeDrill(d: Drill, lang: string): Drill {
  const t = Object.hasOwn(d.translations, lang) ? d.translations[lang] : undefined;
  if (!t) return d;
  let byLang = localized.get(d);
  if (!byLang) localized.set(d, (byLang = new Map<string, Drill>()));
  const cached = byLang.get(lang);
  if (cached) return cached;
  const nodes = Object.fromEntries(
    Object.entries(d.nodes).map(([id, n]): [string, DrillNode] => {
      const nt = Object.hasOwn(t.nodes, id) ? t.nodes[id] : undefined;
      return [
        id,
        {
          ...n,
          text: nt?.text || n.text,
          choices: n.choices.map((c, i) => ({
            ...c,
            text: nt?.choices[i]?.text || c.text,
            feedback: nt?.choices[i]?.feedback || c.feedback,
          })),
        },
      ];
    }),
  );
  const out: Drill = {
    ...d,
    title: t.title || d.title,
    setting: t.setting || d.setting,
    strongPath: t.strongPath || d.strongPath,
    reflection: t.reflection || d.reflection,
    nodes,
  };
  const note = t.contentNote ?? d.contentNote;
  if (note !== undefined) out.contentNote = note;
  byLang.set(lang, out);
  return out;
}
