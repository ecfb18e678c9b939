import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress } from '@kindred/certificates';
import webpush, { WebPushError } from 'web-push';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * The https.Agent web-push sends through (none: Node's default, the system's CAs). The integration test
 * gives one that trusts its local stand-in for a browser vendor's push service.
 */
export const PUSH_AGENT = Symbol('PUSH_AGENT');

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What a push shows; the service worker (web/src/service-worker.ts) reads the same shape. */
export interface PushMessage {
  title: string;
  body: string;
  /** where a tap on the notification leads */
  url: string;
  /** a newer notification with the same tag replaces the older on the device */
  tag: string;
  /** the title of the notification's "not tonight" button, which opens /learn#not-tonight */
  skip: string;
}

export type PushResult = 'sent' | 'gone' | 'failed';

type LookupDone = (
  e: NodeJS.ErrnoException | null,
  a: string | LookupAddress[],
  f?: number,
) => void;

/**
 * The endpoint comes from a browser, that is from anyone signed in: the connection is refused when its name
 * resolves to a private or local address (checked at connect time, so DNS rebinding is refused too), so a
 * "subscription" cannot make this server post into its own network. The vendors' push services are public.
 */
export function publicOnlyAgent(): Agent {
  const lookup = (host: string, options: { family?: number; all?: boolean }, done: LookupDone) =>
    dnsLookup(host, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) return done(error, []);
      const bad = addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return done(new Error(`${host} leads to the private address ${bad.address}`), []);
      if (options.all) return done(null, addresses);
      done(null, addresses[0].address, addresses[0].family);
    });
  return new Agent({ lookup: lookup as never, keepAlive: true });
}

/**
 * Web Push through the `web-push` package: it encrypts the payload for the subscription's keys (RFC 8291,
 * aes128gcm) and signs a VAPID JWT (RFC 8292), which is exactly what a browser vendor's push service
 * checks. Hand-writing ECDH + HKDF + AES-GCM + ES256 JWTs was the alternative; web-push is the library the
 * browser vendors' own examples use.
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger('Push');
  private readonly agent: Agent;
  /** false only with an agent given (tests): then its own rules decide where it connects */
  private readonly guarded: boolean;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(PUSH_AGENT) agent?: Agent,
  ) {
    this.agent = agent ?? publicOnlyAgent();
    this.guarded = !agent;
  }

  /** The public key browsers subscribe with (null: push is off here). */
  get publicKey(): string | null {
    return this.config.vapid?.publicKey ?? null;
  }

  /** Sends one push; `gone` when the push service says the subscription no longer exists (404/410). */
  async send(to: PushTarget, message: PushMessage, ttlSeconds: number): Promise<PushResult> {
    const vapid = this.config.vapid;
    if (!vapid) return 'failed';
    // An address written as an IP is connected to without a lookup, so the agent's check never runs.
    const host = new URL(to.endpoint).hostname.replace(/^\[|\]$/g, '');
    if (this.guarded && isIP(host) && isPrivateAddress(host)) {
      this.logger.warn(`push to the private address ${host} refused`);
      return 'failed';
    }
    try {
      await webpush.sendNotification(
        { endpoint: to.endpoint, keys: { p256dh: to.p256dh, auth: to.auth } },
        JSON.stringify(message),
        {
          vapidDetails: vapid,
          TTL: ttlSeconds,
          contentEncoding: 'aes128gcm',
          timeout: 10_000,
          agent: this.agent,
        },
      );
      return 'sent';
    } catch (e) {
      if (e instanceof WebPushError && (e.statusCode === 404 || e.statusCode === 410))
        return 'gone';
      // Only the endpoint's origin: the rest of the URL identifies the device.
      this.logger.warn(
        `push to ${new URL(to.endpoint).origin} failed: ${e instanceof WebPushError ? `${e.statusCode} ${e.body}` : String(e)}`,
      );
      return 'failed';
    }
  }
}
