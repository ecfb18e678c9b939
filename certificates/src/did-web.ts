import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { driver as didWebDriver, didUrlToHttpsUrl } from '@digitalbazaar/did-method-web';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import multikeyContext from '@digitalbazaar/multikey-context';
import { LRUCache } from 'lru-cache';
import { asList, isObject, type JsonObject } from './json.js';
import { ENGLISH, type Words } from './verify/words.js';

/** Why a did:web DID document was not had, as data: the verifier says it in the reader's language. */
export type DidWebProblem =
  | { kind: 'invalid-id'; did: string; detail: string }
  | { kind: 'private'; domain: string; address: string }
  /** `timeoutSeconds` when it did not answer in time, else the network library's own error text */
  | { kind: 'unreachable'; url: string; timeoutSeconds?: number; error?: string }
  | { kind: 'offline'; did: string }
  /** the server is set not to fetch did:web DID documents (`setting`, e.g. DID_WEB_FETCH=false) */
  | { kind: 'disabled'; did: string; setting: string };

/** The sentence for a did:web problem in the words of one language. */
export function didWebReason(w: Words, p: DidWebProblem): string {
  switch (p.kind) {
    case 'invalid-id':
      return w.didWebInvalidId(p.did, p.detail);
    case 'private':
      return w.didWebPrivate(p.domain, p.address);
    case 'unreachable':
      return w.didWebUnreachable(
        p.url,
        p.timeoutSeconds === undefined
          ? (p.error ?? w.unknownError())
          : w.didWebTimeout(p.timeoutSeconds),
      );
    case 'offline':
      return w.didWebOffline(p.did);
    case 'disabled':
      return w.didWebDisabled(p.did, p.setting);
  }
}

/**
 * A did:web DID document could not be had (unreachable, too slow, refused by the address guard, not a DID
 * document for that DID): the proof is not checked, which is neither valid nor tampered.
 */
export class DidWebUnavailableError extends Error {
  constructor(
    readonly did: string,
    readonly problem: DidWebProblem,
  ) {
    super(didWebReason(ENGLISH, problem));
    this.name = 'DidWebUnavailableError';
  }
}

/** Resolves a did:web DID or DID URL to its DID document, or to the node a fragment names. */
export type DidWebResolver = (didUrl: string) => Promise<JsonObject>;

export interface DidWebOptions {
  /** give up on a DID document after this long (default 5 s) */
  timeoutMs?: number;
  /** keep a fetched DID document this long (default 5 min) */
  cacheTtlMs?: number;
  /** extra trusted certificate authorities (PEM), e.g. a test server's self-signed certificate */
  ca?: string | string[];
  /**
   * Host names (as written in the DID, without the port) exempt from the private-address guard: an
   * intranet issuer, or a test server on 127.0.0.1. Empty by default.
   */
  allowPrivateHosts?: Iterable<string>;
  /** the DNS lookup under the guard (default node:dns `lookup`); tests give a resolver of their own */
  dnsLookup?: typeof dnsLookup;
}

// Addresses a did:web host must never lead this server to: loopback, private, link-local (cloud metadata
// at 169.254.169.254), carrier-grade NAT, multicast, documentation and reserved ranges. BlockList also
// matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 rules.
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** True for an address this server must not fetch from on a stranger's behalf. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const PRIVATE_ADDRESS = /leads to the private or local address (\S+)/;
class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} leads to the private or local address ${address}`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for the TCP connection that refuses names resolving to a private address. It runs when the
 * socket connects, so a name that resolved to a public address when checked and to 127.0.0.1 a moment
 * later (DNS rebinding) is still refused.
 */
function guardedLookup(allowed: ReadonlySet<string>, lookup: typeof dnsLookup) {
  return (hostname: string, options: { all?: boolean; family?: number }, done: LookupCallback) => {
    lookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) return done(error, []);
      const bad = allowed.has(hostname)
        ? undefined
        : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return done(new PrivateAddressError(hostname, bad.address), []);
      if (options.all) return done(null, addresses);
      const first = addresses[0];
      if (!first) return done(new Error(`${hostname} has no address`), []);
      done(null, first.address, first.family);
    });
  };
}

function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = error; e && !out.includes(e); e = (e as { cause?: unknown }).cause)
    out.push(e);
  return out;
}

function hostOf(domain: string): string {
  // the DID's domain part may carry a port (`example.org%3A8443`, decoded to `example.org:8443`)
  if (domain.startsWith('[')) return domain.slice(1, domain.indexOf(']'));
  return domain.replace(/:\d+$/, '');
}

/** The DID document's node with this id (absolute, or relative `#key-1`), with a context. */
function nodeOf(document: JsonObject, did: string, fragment: string): JsonObject | undefined {
  const id = `${did}${fragment}`;
  const matches = (n: unknown): n is JsonObject =>
    isObject(n) && (n.id === id || n.id === fragment);
  const candidates = [
    ...asList(document.verificationMethod),
    ...Object.entries(document)
      .filter(([key]) => key !== '@context' && key !== 'verificationMethod')
      .flatMap(([, value]) => asList(value as JsonObject | JsonObject[])),
  ];
  const node = candidates.find(matches);
  if (!node) return undefined;
  const context = node.type === 'Multikey' ? multikeyContext.CONTEXT_URL : document['@context'];
  return { '@context': context ?? multikeyContext.CONTEXT_URL, ...node, id };
}

/**
 * A resolver for a server set not to fetch did:web DID documents: every did:web issuer or holder is "not
 * checked", with `setting` (the switch that turned it off) named in the reason. It never touches the network.
 */
export function disabledDidWebResolver(setting: string): DidWebResolver {
  return (didUrl: string) =>
    Promise.reject(
      new DidWebUnavailableError(didUrl, {
        kind: 'disabled',
        did: didUrl.split('#')[0],
        setting,
      }),
    );
}

/**
 * did:web through @digitalbazaar/did-method-web, with a timeout, a cache, no redirects, and a guard that
 * refuses hosts on private or local addresses (so a credential cannot make this server probe its own
 * network or a cloud metadata endpoint).
 */
export function createDidWebResolver(options: DidWebOptions = {}): DidWebResolver {
  const timeoutMs = options.timeoutMs ?? 5000;
  const allowed = new Set(options.allowPrivateHosts ?? []);
  const agent = new Agent({
    ca: options.ca,
    lookup: guardedLookup(
      allowed,
      options.dnsLookup ?? dnsLookup,
    ) as unknown as Agent['options']['lookup'],
  });
  const driver = didWebDriver({
    // redirects are refused: a redirect to an IP literal would bypass the lookup guard
    fetchOptions: { timeout: timeoutMs, agent, redirect: 'error', retry: 0 },
  });
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  const cache = new LRUCache<string, Promise<JsonObject>>({
    max: 1000,
    ttl: options.cacheTtlMs ?? 5 * 60_000,
  });

  async function fetchDocument(did: string): Promise<JsonObject> {
    let location: { baseUrl: string; domain: string };
    try {
      location = didUrlToHttpsUrl(did);
    } catch (error) {
      throw new DidWebUnavailableError(did, {
        kind: 'invalid-id',
        did,
        detail: (error as Error).message,
      });
    }
    const host = hostOf(location.domain);
    const refused = (address: string) =>
      new DidWebUnavailableError(did, { kind: 'private', domain: location.domain, address });
    if (!allowed.has(host)) {
      if (isIP(host) && isPrivateAddress(host)) throw refused(host);
      if (host === 'localhost' || host.endsWith('.localhost')) throw refused(host);
    }
    try {
      const document = await driver.get({ did });
      if (!isObject(document)) throw new Error('the answer is not a JSON object');
      return document;
    } catch (error) {
      const chain = causes(error);
      // the guard's error reaches here wrapped by undici, sometimes only as text
      const guarded = chain
        .map((e) => (e instanceof Error ? e.message : String(e)))
        .map((m) => PRIVATE_ADDRESS.exec(m)?.[1])
        .find(Boolean);
      if (guarded) throw refused(guarded);
      const timedOut = chain.some((e) => e instanceof Error && e.name === 'TimeoutError');
      throw new DidWebUnavailableError(
        did,
        timedOut
          ? {
              kind: 'unreachable',
              url: location.baseUrl,
              timeoutSeconds: Math.round(timeoutMs / 1000),
            }
          : {
              kind: 'unreachable',
              url: location.baseUrl,
              error: chain
                .map((e) => (e instanceof Error ? e.message : String(e)))
                .map((m) => m.replace(/^(Type)?Error: /, ''))
                .filter(Boolean)
                .join(': '),
            },
      );
    }
  }

  return async (didUrl: string) => {
    const [did = didUrl, ...rest] = didUrl.split('#');
    const fragment = rest.length ? `#${rest.join('#')}` : '';
    let pending = cache.get(did);
    if (!pending) {
      pending = fetchDocument(did);
      cache.set(did, pending);
      pending.catch(() => cache.delete(did));
    }
    const document = await pending;
    if (!fragment) return document;
    const node = nodeOf(document, did, fragment);
    // the document was had and does not list the key: that is an answer, not an outage
    if (!node) throw new Error(`The DID document of ${did} has no key “${fragment}”.`);
    return node;
  };
}
