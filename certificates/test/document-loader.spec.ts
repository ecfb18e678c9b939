import {
  CONTEXT_URLS,
  createDocumentLoader,
  documentLoader,
  generateIssuerKeyPair,
  UnknownDocumentError,
} from '../src/index.js';

describe('the static document loader', () => {
  it('serves every context a credential, its proof and a did:key use', async () => {
    const urls = [
      CONTEXT_URLS.VC_V2,
      CONTEXT_URLS.OB_V3,
      'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      CONTEXT_URLS.OB_EXTENSIONS,
      CONTEXT_URLS.DATA_INTEGRITY_V2,
      CONTEXT_URLS.MULTIKEY_V1,
    ];
    for (const url of urls) {
      const { document, documentUrl } = await documentLoader(url);
      expect(documentUrl).toBe(url);
      expect(document).toHaveProperty('@context');
    }
    expect(CONTEXT_URLS.OB_V3).toBe('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
  });

  it('resolves did:key documents and their keys offline', async () => {
    const key = await generateIssuerKeyPair();
    const didDoc = (await documentLoader(key.did)).document as {
      id: string;
      assertionMethod: string[];
    };
    expect(didDoc.id).toBe(key.did);
    expect(didDoc.assertionMethod).toEqual([key.verificationMethod]);
    const method = (await documentLoader(key.verificationMethod)).document;
    expect(method).toMatchObject({
      type: 'Multikey',
      controller: key.did,
      publicKeyMultibase: key.publicKeyMultibase,
    });
  });

  it('fails with the URL named for anything else, and never fetches', async () => {
    await expect(documentLoader('https://example.org/contexts/other.jsonld')).rejects.toThrow(
      UnknownDocumentError,
    );
    await expect(documentLoader('https://example.org/contexts/other.jsonld')).rejects.toThrow(
      /"https:\/\/example\.org\/contexts\/other\.jsonld".*not bundled/,
    );
    await expect(documentLoader('did:web:example.org')).rejects.toThrow(/did:web:example\.org/);
    await expect(documentLoader('did:key:zNotAKey')).rejects.toThrow(/did:key:zNotAKey/);
  });

  it('can be extended with extra documents', async () => {
    const loader = createDocumentLoader(new Map([['https://x.example/ctx', { '@context': {} }]]));
    expect((await loader('https://x.example/ctx')).document).toEqual({ '@context': {} });
  });
});
