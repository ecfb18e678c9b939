import { fileURLToPath } from 'node:url';
import { loadContent, type Framework } from '@kindred/courses';
import { loadCatalog } from '../content/content.service.js';
import { fromCase, toCase, CaseImportError, type CaseDocument } from './case.mapper.js';

const framework = loadCatalog().framework;
/** A tiny content root with a Spanish framework (the courses package's own test fixture). */
const withSpanish = loadContent(
  fileURLToPath(new URL('../../../courses/test/fixtures/valid', import.meta.url)),
).framework;

/** What a CASE package can carry of a translation: its texts (not the file it was read from). */
const texts = (f: Framework): Framework => ({
  ...f,
  translations: Object.fromEntries(
    Object.entries(f.translations).map(([lang, t]) => {
      const { file: _file, source: _source, behind: _behind, ...rest } = t;
      return [lang, rest];
    }),
  ) as Framework['translations'],
});

/** The English package and every translated one it lists, as a consumer would fetch them. */
function packages(f: Framework, base: string): [CaseDocument, CaseDocument[]] {
  const en = toCase(f, base);
  const others = (en['ext:translations'] ?? []).map((t) => toCase(f, base, t.language));
  return [JSON.parse(JSON.stringify(en)) as CaseDocument, others];
}

describe('CASE 1.1 export and import', () => {
  const doc = toCase(framework, 'https://kindred.example');

  it('publishes every domain and competency as a CFItem under stable URLs, each isChildOf its parent', () => {
    expect(doc.CFDocument.uri).toBe('https://kindred.example/api/frameworks/kindred-peer-support');
    expect(doc.CFItems).toHaveLength(framework.domains.length + framework.competencies.length);
    const peer1 = doc.CFItems.find((i) => i.humanCodingScheme === 'PEER.1')!;
    expect(peer1.uri).toBe(
      'https://kindred.example/api/frameworks/kindred-peer-support/items/PEER.1',
    );
    const parent = doc.CFAssociations.find((a) => a.originNodeURI.identifier === peer1.identifier)!;
    expect(parent.associationType).toBe('isChildOf');
    expect(parent.destinationNodeURI.uri).toMatch(/items\/PEER$/);
    const domainLink = doc.CFAssociations.find((a) => a.originNodeURI.uri.endsWith('/items/PEER'))!;
    expect(domainLink.destinationNodeURI.identifier).toBe(doc.CFDocument.identifier);
    expect(toCase(framework, 'https://kindred.example')).toEqual(doc); // identifiers are stable
  });

  it('round-trips: export then import gives the same framework (with its translations)', () => {
    const [en, others] = packages(framework, 'https://kindred.example');
    expect(texts(fromCase(en, others))).toEqual(texts(framework));
  });

  it('refuses a document without items and associations', () => {
    expect(() => fromCase({ CFDocument: doc.CFDocument } as never)).toThrow(CaseImportError);
  });
});

describe('CASE packages per language', () => {
  const base = 'https://kindred.example';
  const en = toCase(withSpanish, base);
  const es = toCase(withSpanish, base, 'es');

  it('the English package lists the Spanish one; the Spanish one is a whole package in Spanish', () => {
    expect(en['ext:translations']).toEqual([
      { language: 'es', uri: 'https://kindred.example/api/frameworks/test/es' },
    ]);
    expect(en.CFDocument.language).toBe('en');
    expect(es.CFDocument).toMatchObject({
      uri: 'https://kindred.example/api/frameworks/test/es',
      title: 'Marco de prueba',
      language: 'es',
    });
    const item = es.CFItems.find((i) => i.humanCodingScheme === 'PEER.1')!;
    expect(item).toMatchObject({
      uri: 'https://kindred.example/api/frameworks/test/es/items/PEER.1',
      abbreviatedStatement: 'Funciones y límites',
      fullStatement: 'Conoce la función del par.',
      language: 'es',
      'ext:behaviors': ['Explica la función del par.'],
    });
    // its own identifiers: a translated node is not the English node
    const enItem = en.CFItems.find((i) => i.humanCodingScheme === 'PEER.1')!;
    expect(item.identifier).not.toBe(enItem.identifier);
    expect(es.CFRubrics[0]?.title).toBe('Funciones y límites: rúbrica de observación');
    expect(es.CFRubrics[0]?.CFRubricCriteria[0]?.description).toBe('Explica la función');
    expect(es['ext:scale'].map((s) => s.name)).toEqual(['Todavía no', 'Competente']);
  });

  it('each Spanish node isTranslationOf its English node, and the hierarchy stays the same', () => {
    const links = es.CFAssociations.filter((a) => a.associationType === 'isTranslationOf');
    expect(links).toHaveLength(1 + es.CFItems.length);
    const peer1 = links.find((a) => a.originNodeURI.uri.endsWith('/es/items/PEER.1'))!;
    const enItem = en.CFItems.find((i) => i.humanCodingScheme === 'PEER.1')!;
    expect(peer1.destinationNodeURI).toEqual({
      title: 'Roles and boundaries',
      identifier: enItem.identifier,
      uri: enItem.uri,
    });
    const doc = links.find((a) => a.originNodeURI.identifier === es.CFDocument.identifier)!;
    expect(doc.destinationNodeURI.identifier).toBe(en.CFDocument.identifier);
    expect(es.CFAssociations.filter((a) => a.associationType === 'isChildOf')).toHaveLength(
      en.CFAssociations.length,
    );
  });

  it('round-trips both languages, and a language without a translation is the English package', () => {
    const [enDoc, others] = packages(withSpanish, base);
    expect(others).toHaveLength(1);
    expect(texts(fromCase(enDoc, others))).toEqual(texts(withSpanish));
    expect(toCase(withSpanish, base, 'fr')).toEqual(en);
  });
});
