import { createHash } from 'node:crypto';
import {
  localizeFramework,
  type Competency,
  type Domain,
  type Framework,
  type FrameworkTranslation,
  type RubricCriterion,
  type ScaleLevel,
} from '@kindred/courses';

/** 1EdTech CASE 1.1: the parts Kindred publishes (document, items, associations, one rubric per competency). */
export interface CaseDocument {
  CFDocument: {
    identifier: string;
    uri: string;
    creator: string;
    title: string;
    lastChangeDateTime: string;
    description: string;
    version: string;
    language: string;
    adoptionStatus: string;
    CFPackageURI: { title: string; identifier: string; uri: string };
  };
  CFItems: CaseItem[];
  CFAssociations: CaseAssociation[];
  CFDefinitions: {
    CFItemTypes: {
      identifier: string;
      uri: string;
      title: string;
      hierarchyCode: string;
      lastChangeDateTime: string;
    }[];
  };
  CFRubrics: CaseRubric[];
  /** The proficiency scale, kept as an extension: CASE has no scale object of its own. */
  'ext:scale': ScaleLevel[];
  /** The highest level each kind of evidence can reach on its own (an extension). */
  'ext:rules': Record<string, string>;
  /**
   * The same framework in other languages (an extension): CASE strings carry no language tags, so each
   * language is its own package (`language` set, every node `isTranslationOf` its English one).
   */
  'ext:translations'?: { language: string; uri: string }[];
}

export interface CaseItem {
  identifier: string;
  uri: string;
  CFDocumentURI: { title: string; identifier: string; uri: string };
  humanCodingScheme: string;
  fullStatement: string;
  abbreviatedStatement: string;
  notes?: string;
  CFItemType: string;
  CFItemTypeURI: { title: string; identifier: string; uri: string };
  educationLevel?: string[];
  language: string;
  lastChangeDateTime: string;
  /** The observable behaviors (an extension) and the validity in months (an extension). */
  'ext:behaviors'?: string[];
  'ext:validityMonths'?: number;
}

export interface CaseAssociation {
  identifier: string;
  uri: string;
  associationType: 'isChildOf' | 'isTranslationOf';
  originNodeURI: { title: string; identifier: string; uri: string };
  destinationNodeURI: { title: string; identifier: string; uri: string };
  sequenceNumber: number;
  lastChangeDateTime: string;
}

export interface CaseRubric {
  identifier: string;
  uri: string;
  title: string;
  description: string;
  lastChangeDateTime: string;
  CFItemURI: { title: string; identifier: string; uri: string };
  CFRubricCriteria: {
    identifier: string;
    uri: string;
    category: string;
    description: string;
    position: number;
    lastChangeDateTime: string;
    CFRubricCriterionLevels: {
      identifier: string;
      uri: string;
      description: string;
      quality: string;
      score: number;
      position: number;
      lastChangeDateTime: string;
    }[];
  }[];
}

/** A stable UUID (v5-like, from SHA-1) per name, so identifiers never change between exports. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`kindred:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const CHANGED = '2025-11-22T00:00:00Z';

export function frameworkUrl(base: string, f: Pick<Framework, 'id'>): string {
  return `${base.replace(/\/$/, '')}/api/frameworks/${f.id}`;
}

/** The words of the rubric wrapper, per language (the rubric's own texts come from the framework). */
const RUBRIC_WORDS: Record<
  string,
  { title: (name: string) => string; how: (id: string) => string }
> = {
  en: {
    title: (name) => `${name}: observation rubric`,
    how: (id) => `How a supervisor rates ${id} when observing real peer work`,
  },
  es: {
    title: (name) => `${name}: rúbrica de observación`,
    how: (id) =>
      `Cómo califica ${id} tu supervisor o supervisora al observar trabajo real entre pares`,
  },
};

/** The public URL of the framework's package in `lang` (English: the framework's own URL). */
export function frameworkLangUrl(base: string, f: Pick<Framework, 'id'>, lang: string): string {
  return lang === 'en' ? frameworkUrl(base, f) : `${frameworkUrl(base, f)}/${lang}`;
}

/**
 * Exports the framework as CASE 1.1 JSON; every URI lives under the framework's stable public URL.
 * With `lang` (a language the framework has a translation for), the package in that language: its own
 * URIs and identifiers under `<framework URL>/<lang>`, `language` set, and each node `isTranslationOf`
 * the English node (CASE has no language-tagged strings, so a language is a package).
 */
export function toCase(english: Framework, base: string, lang = 'en'): CaseDocument {
  const translated = lang !== 'en' && Object.hasOwn(english.translations, lang);
  const f = translated ? localizeFramework(english, lang) : english;
  const language = translated ? lang : 'en';
  const root = frameworkLangUrl(base, f, language);
  // identifiers are per package: a translated item is its own CASE node
  const key = translated ? `${f.id}/${language}` : f.id;
  const docRef = { title: f.title, identifier: stableUuid(key), uri: root };
  const itemUri = (code: string) => `${root}/items/${code}`;
  const ref = (code: string, title: string) => ({
    title,
    identifier: stableUuid(`${key}/${code}`),
    uri: itemUri(code),
  });
  const type = (name: string) => ({
    title: name,
    identifier: stableUuid(`type/${name}`),
    uri: `${root}/types/${name}`,
  });
  const item = (
    code: string,
    kind: 'Domain' | 'Competency',
    statement: string,
    abbreviated: string,
    extra: Partial<CaseItem> = {},
  ): CaseItem => ({
    ...ref(code, abbreviated),
    CFDocumentURI: docRef,
    humanCodingScheme: code,
    fullStatement: statement,
    abbreviatedStatement: abbreviated,
    CFItemType: kind,
    CFItemTypeURI: type(kind),
    language,
    lastChangeDateTime: CHANGED,
    ...extra,
  });
  const items = [
    ...f.domains.map((d) => item(d.id, 'Domain', d.description, d.name)),
    ...f.competencies.map((c) =>
      item(c.id, 'Competency', c.description, c.name, {
        'ext:behaviors': c.behaviors,
        'ext:validityMonths': c.validityMonths,
      }),
    ),
  ];
  const assoc = (
    child: CaseItem,
    parent: { title: string; identifier: string; uri: string },
    seq: number,
  ): CaseAssociation => ({
    identifier: stableUuid(`${child.identifier}->${parent.identifier}`),
    uri: `${root}/associations/${stableUuid(`${child.identifier}->${parent.identifier}`)}`,
    associationType: 'isChildOf',
    originNodeURI: {
      title: child.abbreviatedStatement,
      identifier: child.identifier,
      uri: child.uri,
    },
    destinationNodeURI: parent,
    sequenceNumber: seq,
    lastChangeDateTime: CHANGED,
  });
  const byCode = new Map(items.map((i) => [i.humanCodingScheme, i]));
  const associations = [
    ...f.domains.map((d, i) => assoc(byCode.get(d.id)!, docRef, i + 1)),
    ...f.competencies.map((c) => {
      const domain = f.domains.find((d) => d.id === c.domain)!;
      const seq = f.competencies.filter((x) => x.domain === c.domain).indexOf(c) + 1;
      return assoc(byCode.get(c.id)!, ref(domain.id, domain.name), seq);
    }),
  ];
  if (translated) associations.push(...translationLinks(english, base, docRef, items, root));
  const words = RUBRIC_WORDS[language] ?? RUBRIC_WORDS.en;
  const rubrics = f.competencies.map((c) => rubric(f, key, c, root, ref(c.id, c.name), words));
  return {
    CFDocument: {
      ...docRef,
      creator: 'Kindred',
      lastChangeDateTime: CHANGED,
      description: f.description,
      version: f.version,
      language,
      adoptionStatus: 'Adopted',
      CFPackageURI: { ...docRef, uri: root },
    },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFItemTypes: ['Domain', 'Competency'].map((n) => ({
        ...type(n),
        hierarchyCode: n === 'Domain' ? '1' : '2',
        lastChangeDateTime: CHANGED,
      })),
    },
    CFRubrics: rubrics,
    'ext:scale': f.scale,
    'ext:rules': f.rules,
    ...(!translated && {
      'ext:translations': Object.keys(f.translations)
        .sort()
        .map((l) => ({ language: l, uri: frameworkLangUrl(base, f, l) })),
    }),
  };
}

/** A translated package's document and items, each `isTranslationOf` the English node. */
function translationLinks(
  english: Framework,
  base: string,
  docRef: { title: string; identifier: string; uri: string },
  items: CaseItem[],
  root: string,
): CaseAssociation[] {
  const enRoot = frameworkUrl(base, english);
  const enName = (code: string) =>
    english.domains.find((d) => d.id === code)?.name ??
    english.competencies.find((c) => c.id === code)?.name ??
    code;
  const link = (
    origin: { title: string; identifier: string; uri: string },
    destination: { title: string; identifier: string; uri: string },
    seq: number,
  ): CaseAssociation => {
    const id = stableUuid(`${origin.identifier}=>${destination.identifier}`);
    return {
      identifier: id,
      uri: `${root}/associations/${id}`,
      associationType: 'isTranslationOf',
      originNodeURI: origin,
      destinationNodeURI: destination,
      sequenceNumber: seq,
      lastChangeDateTime: CHANGED,
    };
  };
  return [
    link(docRef, { title: english.title, identifier: stableUuid(english.id), uri: enRoot }, 1),
    ...items.map((i, n) =>
      link(
        { title: i.abbreviatedStatement, identifier: i.identifier, uri: i.uri },
        {
          title: enName(i.humanCodingScheme),
          identifier: stableUuid(`${english.id}/${i.humanCodingScheme}`),
          uri: `${enRoot}/items/${i.humanCodingScheme}`,
        },
        n + 2,
      ),
    ),
  ];
}

function rubric(
  f: Framework,
  key: string,
  c: Competency,
  root: string,
  item: { title: string; identifier: string; uri: string },
  words: (typeof RUBRIC_WORDS)[string],
): CaseRubric {
  const id = stableUuid(`${key}/${c.id}/rubric`);
  return {
    identifier: id,
    uri: `${root}/rubrics/${c.id}`,
    title: words.title(c.name),
    description: words.how(c.id),
    lastChangeDateTime: CHANGED,
    CFItemURI: item,
    CFRubricCriteria: c.rubric.map((cr, pos) => ({
      identifier: stableUuid(`${key}/${c.id}/${cr.id}`),
      uri: `${root}/rubrics/${c.id}#${cr.id}`,
      category: cr.id,
      description: cr.criterion,
      position: pos + 1,
      lastChangeDateTime: CHANGED,
      CFRubricCriterionLevels: f.scale.map((s, i) => ({
        identifier: stableUuid(`${key}/${c.id}/${cr.id}/${s.id}`),
        uri: `${root}/rubrics/${c.id}#${cr.id}.${s.id}`,
        description: cr.levels[s.id] ?? '',
        quality: s.id,
        score: i,
        position: i + 1,
        lastChangeDateTime: CHANGED,
      })),
    })),
  };
}

export class CaseImportError extends Error {}

/**
 * Reads a CASE document back into the framework shape (domains and competencies found through isChildOf);
 * `translated` are the packages of the same framework in other languages (see `ext:translations`).
 */
export function fromCase(doc: CaseDocument, translated: CaseDocument[] = []): Framework {
  if (!doc?.CFDocument || !Array.isArray(doc.CFItems) || !Array.isArray(doc.CFAssociations))
    throw new CaseImportError(
      'not a CASE document: CFDocument, CFItems and CFAssociations are required',
    );
  const root = doc.CFDocument.uri;
  const id = decodeURIComponent(root.replace(/\/$/, '').split('/').pop() ?? '');
  const byId = new Map(doc.CFItems.map((i) => [i.identifier, i]));
  const parentOf = new Map<string, { parent: string; seq: number }>();
  for (const a of doc.CFAssociations)
    if (a.associationType === 'isChildOf')
      parentOf.set(a.originNodeURI.identifier, {
        parent: a.destinationNodeURI.identifier,
        seq: a.sequenceNumber ?? 0,
      });
  const docId = doc.CFDocument.identifier;
  const seq = (i: CaseItem) => parentOf.get(i.identifier)?.seq ?? 0;
  const domainItems = doc.CFItems.filter((i) => parentOf.get(i.identifier)?.parent === docId).sort(
    (a, b) => seq(a) - seq(b),
  );
  const domains: Domain[] = domainItems.map((d) => ({
    id: d.humanCodingScheme,
    name: d.abbreviatedStatement,
    description: d.fullStatement,
  }));
  const rubricFor = new Map((doc.CFRubrics ?? []).map((r) => [r.CFItemURI.identifier, r]));
  const competencies: Competency[] = domainItems.flatMap((d) =>
    doc.CFItems.filter((i) => parentOf.get(i.identifier)?.parent === d.identifier)
      .sort((a, b) => seq(a) - seq(b))
      .map((c) => ({
        id: c.humanCodingScheme,
        domain: d.humanCodingScheme,
        name: c.abbreviatedStatement,
        description: c.fullStatement,
        behaviors: c['ext:behaviors'] ?? [],
        validityMonths: c['ext:validityMonths'] ?? 24,
        rubric: readRubric(rubricFor.get(c.identifier)),
      })),
  );
  if (byId.size !== domains.length + competencies.length)
    throw new CaseImportError('some items are not attached to the document by isChildOf');
  return {
    id,
    title: doc.CFDocument.title,
    version: doc.CFDocument.version,
    description: doc.CFDocument.description,
    scale: doc['ext:scale'] ?? [],
    rules: doc['ext:rules'] ?? {},
    domains,
    competencies,
    translations: Object.fromEntries(
      translated.map((t) => [t.CFDocument.language, translationFromCase(t)]),
    ),
  };
}

/** The texts of a translated package, keyed by the codes (ids) the English package uses. */
function translationFromCase(doc: CaseDocument): FrameworkTranslation {
  const f = fromCase(doc);
  const byId = <T extends { id: string }, V>(list: T[], value: (item: T) => V) =>
    Object.fromEntries(list.map((x) => [x.id, value(x)]));
  const text = (x: { name: string; description: string }) => ({
    name: x.name,
    description: x.description,
  });
  return {
    lang: doc.CFDocument.language,
    file: doc.CFDocument.uri,
    title: f.title,
    description: f.description,
    scale: byId(f.scale, text),
    domains: byId(f.domains, text),
    competencies: byId(f.competencies, (c) => ({
      ...text(c),
      behaviors: c.behaviors,
      rubric: byId(c.rubric, (k) => ({ criterion: k.criterion, levels: k.levels })),
    })),
  };
}

function readRubric(r: CaseRubric | undefined): RubricCriterion[] {
  if (!r) return [];
  return [...r.CFRubricCriteria]
    .sort((a, b) => a.position - b.position)
    .map((c) => ({
      id: c.category,
      criterion: c.description,
      levels: Object.fromEntries(
        c.CFRubricCriterionLevels.filter((l) => l.description).map((l) => [
          l.quality,
          l.description,
        ]),
      ),
    }));
}
