import type { ProgramReader } from './programs.js';

/** A program's or pathway's texts in another language (`translations: { es: { name, description } }`). */
export interface TextTranslation {
  name: string;
  description: string;
  /** pathways: stage id → stage name */
  stages?: Record<string, string>;
}

const LANG = /^[a-z]{2}$/;

/**
 * Reads the optional `translations` map. Every language gives the name and description; a pathway's
 * translation names every stage (`stages: { <id>: <name> }`, ids checked against `stageIds`).
 */
export function readTranslations(
  r: ProgramReader,
  stageIds?: string[],
): Record<string, TextTranslation> {
  const raw = r.get(['translations']);
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    r.report(['translations'], '"translations" must be a map of language to texts');
    return {};
  }
  const out: Record<string, TextTranslation> = {};
  for (const lang of Object.keys(raw)) {
    if (!LANG.test(lang)) {
      r.report(['translations', lang], `"${lang}" must be a two-letter language code`);
      continue;
    }
    r.onlyKeys(
      ['translations', lang],
      stageIds ? ['name', 'description', 'stages'] : ['name', 'description'],
    );
    const t: TextTranslation = {
      name: r.string(['translations', lang, 'name']),
      description: r.string(['translations', lang, 'description']),
    };
    if (stageIds) {
      t.stages = {};
      for (const id of stageIds) t.stages[id] = r.string(['translations', lang, 'stages', id]);
      const given = r.get(['translations', lang, 'stages']);
      if (given && typeof given === 'object')
        for (const id of Object.keys(given))
          if (!stageIds.includes(id))
            r.report(['translations', lang, 'stages', id], `unknown stage "${id}"`);
    }
    out[lang] = t;
  }
  return out;
}
