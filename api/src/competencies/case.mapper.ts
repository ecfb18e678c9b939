import { createHash } from 'node:crypto';
import type { Competency, Domain, Framework, RubricCriterion, ScaleLevel } from '@kindred/courses';

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
  associationType: 'isChildOf';
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

/** Exports the framework as CASE 1.1 JSON; every URI lives under the framework's stable public URL. */
export function toCase(f: Framework, base: string): CaseDocument {
  const root = frameworkUrl(base, f);
  const docRef = { title: f.title, identifier: stableUuid(f.id), uri: root };
  const itemUri = (code: string) => `${root}/items/${code}`;
  const ref = (code: string, title: string) => ({
    title,
    identifier: stableUuid(`${f.id}/${code}`),
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
    language: 'en',
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
  const rubrics = f.competencies.map((c) => rubric(f, c, root, ref(c.id, c.name)));
  return {
    CFDocument: {
      ...docRef,
      creator: 'Kindred',
      lastChangeDateTime: CHANGED,
      description: f.description,
      version: f.version,
      language: 'en',
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
  };
}

function rubric(
  f: Framework,
  c: Competency,
  root: string,
  item: { title: string; identifier: string; uri: string },
): CaseRubric {
  const id = stableUuid(`${f.id}/${c.id}/rubric`);
  return {
    identifier: id,
    uri: `${root}/rubrics/${c.id}`,
    title: `${c.name}: observation rubric`,
    description: `How a supervisor rates ${c.id} when observing real peer work`,
    lastChangeDateTime: CHANGED,
    CFItemURI: item,
    CFRubricCriteria: c.rubric.map((cr, pos) => ({
      identifier: stableUuid(`${f.id}/${c.id}/${cr.id}`),
      uri: `${root}/rubrics/${c.id}#${cr.id}`,
      category: cr.id,
      description: cr.criterion,
      position: pos + 1,
      lastChangeDateTime: CHANGED,
      CFRubricCriterionLevels: f.scale.map((s, i) => ({
        identifier: stableUuid(`${f.id}/${c.id}/${cr.id}/${s.id}`),
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

/** Reads a CASE document back into the framework shape (domains and competencies found through isChildOf). */
export function fromCase(doc: CaseDocument): Framework {
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
