import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request } from 'express';
import type { DataSource } from 'typeorm';
import { CacheBus, TtlCache } from '../common/cache-bus.js';
import { Clock } from '../common/clock.js';
import { SESSION_COOKIE } from '../common/csrf.js';
import { LANGS, requestLang, VARY_LANGUAGE, type Lang } from '../common/i18n.js';
import {
  BatchedCounters,
  BatchedRateCounter,
  limitOf,
  PRECOUNTED,
  rateKey,
  type Precounted,
} from '../common/rate-limit.js';
import { CertificatesService } from './certificates.service.js';
import { VERIFY_LIMIT } from './credentials.controller.js';
import { isCredentialId, uuidOf } from './issuance.service.js';

/** Longest a verification answer is kept without a change being announced (a backstop; changes drop it at once). */
export const VERIFICATION_CACHE_MS = 60_000;
/** The clock tolerance of the dates check (certificates/src/verify/dates.ts): a certificate counts as valid this long before its validFrom. */
const CLOCK_SKEW_MS = 5 * 60_000;
const PATH = /^\/api\/credentials\/([^/?]+)\/verification(?:\?.*)?$/;

interface Entry {
  /** the clock's time when the answer was made: it holds from then until the entry's end */
  since: number;
  body: Buffer;
  etag: string;
}

const entryKey = (lang: Lang, uuid: string) => `${lang}:${uuid}`;
const hasSession = (req: IncomingMessage) =>
  (req.headers.cookie ?? '').split(';').some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`));

/**
 * The public verify-by-id answer (GET /api/credentials/:id/verification), the request a QR code or an
 * employer's link makes, answered from memory in front of Nest and Express.
 *
 * The answer depends on the credential (immutable), whether its holder shares it, its status bits, the
 * issuer registry and the time. It is kept until the earliest of: a status change or a change of sharing
 * (dropped at once here, and in other instances on commit by NOTIFY), the next date at which the dates check
 * would answer differently, and VERIFICATION_CACHE_MS. A load racing with a change is not kept (CacheBus
 * generation). The rate limit is counted for every request as before (BatchedRateCounter, same shared
 * counters). Anything but a 200 answer (an unknown id, a hidden certificate, the rate limit) goes on to the
 * Nest route, which answers exactly as before.
 *
 * The answer's sentences are in the reader's language, so entries are kept per language
 * (`<lang>:<uuid>`). A signed-in reader's saved language is only known once the session is read, so a
 * request with a session cookie goes on to the Nest route too.
 */
@Injectable()
export class VerificationCache implements OnApplicationShutdown {
  private readonly cache = new TtlCache<Entry>(50_000);
  private readonly counter: BatchedRateCounter;
  private headers: [string, string][] = [];
  private express?: Express;

  constructor(
    private readonly certificates: CertificatesService,
    private readonly bus: CacheBus,
    private readonly clock: Clock,
    @InjectDataSource() ds: DataSource,
    private readonly batchedCounters: BatchedCounters,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.counter = new BatchedRateCounter(ds, VERIFY_LIMIT.windowSeconds);
    // Every route under the verification limit counts in the same place (RateLimitGuard looks it up).
    batchedCounters.set(VERIFY_LIMIT.name, this.counter);
    bus.subscribe((key) => {
      if (key === null || key === 'credentials:*') this.cache.clear();
      else if (key.startsWith('credential:'))
        for (const lang of LANGS) this.cache.delete(entryKey(lang, key.slice(11)));
    });
  }

  /** The Express app behind, and the headers its API middleware (helmet) sets on every answer. */
  mount(express: Express, headers: [string, string][]): void {
    this.express = express;
    this.headers = headers;
  }

  /** Answers the request if it is a verification by id; false to let Express have it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !this.express || !req.url?.startsWith('/api/credentials/'))
      return false;
    const m = PATH.exec(req.url);
    if (!m) return false;
    let id: string;
    try {
      id = decodeURIComponent(m[1]);
    } catch {
      return false;
    }
    // Express's own view of the client address (trust proxy), so the counters are keyed as the guard keys them.
    Object.setPrototypeOf(req, this.express.request);
    const count = this.counter.hit(rateKey(VERIFY_LIMIT, req as Request));
    (req as Request & { [PRECOUNTED]?: Precounted })[PRECOUNTED] = {
      name: VERIFY_LIMIT.name,
      count,
    };
    if (count > limitOf(VERIFY_LIMIT, this.config) || !isCredentialId(id)) return false;
    if (hasSession(req)) return false;
    const lang = requestLang(req as Request);
    const key = entryKey(lang, uuidOf(id));
    const now = this.clock.now().getTime();
    const hit = this.bus.live ? this.cache.get(key, now) : undefined;
    if (hit && hit.since <= now) {
      this.send(req, res, hit, count);
      return true;
    }
    const generation = this.bus.generation;
    const answer = async () => {
      const row = await this.certificates.publicCredential(id);
      return {
        signed: row.signed,
        result: await this.certificates.verifyDocument(row.signed, lang),
      };
    };
    answer().then(
      ({ signed, result }) => {
        const body = Buffer.from(JSON.stringify(result));
        const now = this.clock.now().getTime();
        const entry = {
          since: now,
          body,
          etag: (this.express!.get('etag fn') as (b: Buffer, enc: string) => string)(body, 'utf8'),
        };
        if (this.bus.live && this.bus.generation === generation)
          this.cache.set(
            key,
            entry,
            Math.min(now + VERIFICATION_CACHE_MS, nextDateChange(signed, now)),
          );
        this.send(req, res, entry, count);
      },
      // Not found, not shared, a bad id or a fault: the route answers in its usual shape.
      () => {
        this.express!(req as Request, res as never);
      },
    );
    return true;
  }

  private send(req: IncomingMessage, res: ServerResponse, entry: Entry, count: number): void {
    for (const [name, value] of this.headers) res.setHeader(name, value);
    const limit = limitOf(VERIFY_LIMIT, this.config);
    res.setHeader('ratelimit-limit', String(limit));
    res.setHeader('ratelimit-remaining', String(Math.max(0, limit - count)));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('vary', VARY_LANGUAGE);
    res.setHeader('etag', entry.etag);
    if (req.headers['if-none-match'] === entry.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('content-length', entry.body.length);
    res.statusCode = 200;
    res.end(entry.body);
  }

  async onApplicationShutdown(): Promise<void> {
    this.batchedCounters.delete(VERIFY_LIMIT.name);
    await this.counter.close();
  }
}

/**
 * The next instant after `now` at which the dates check could answer differently: a validFrom coming within
 * the clock tolerance, or a validUntil passing, of the certificate or any endorsement. Every date-time under
 * those two names anywhere in the credential counts (a conservative superset).
 */
function nextDateChange(credential: unknown, now: number): number {
  let next = Infinity;
  const visit = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 12) return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if ((k === 'validFrom' || k === 'validUntil') && typeof x === 'string') {
        const t = Date.parse(x);
        if (Number.isNaN(t)) continue;
        const at = k === 'validFrom' ? t - CLOCK_SKEW_MS : t + 1;
        if (at > now) next = Math.min(next, at);
      } else visit(x, depth + 1);
    }
  };
  visit(credential, 0);
  return next;
}
