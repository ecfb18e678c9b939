import { loadCatalog } from '../content/content.service.js';
import { fromCase, toCase, CaseImportError } from './case.mapper.js';

const framework = loadCatalog().framework;

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

  it('round-trips: export then import gives the same framework', () => {
    expect(fromCase(JSON.parse(JSON.stringify(doc)))).toEqual(framework);
  });

  it('refuses a document without items and associations', () => {
    expect(() => fromCase({ CFDocument: doc.CFDocument } as never)).toThrow(CaseImportError);
  });
});
