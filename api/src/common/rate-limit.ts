import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Interval } from '@nestjs/schedule';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from './errors.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/** The number a rule allows in one window under this config. */
export const limitOf = (rule: Pick<RateLimitRule, 'limit'>, config: AppConfig): number =>
  typeof rule.limit === 'function' ? rule.limit(config) : rule.limit;

export interface RateLimitRule {
  /** Name of the limit, part of the counter's key. */
  name: string;
  /** A fixed number, or read from the validated config (LOGIN_RATE_LIMIT, VERIFY_RATE_LIMIT). */
  limit: number | ((config: AppConfig) => number);
  windowSeconds: number;
  /** What is counted: by default the client address; login adds the e-mail so one person's typos do not lock out a shared network. */
  key?: (req: Request) => string;
  message: string;
}

const RATE_LIMIT_KEY = 'kindred:rate-limit';
/** Set on a request whose hit was already counted (by the verification fast path): the guard uses that count. */
export const PRECOUNTED = Symbol('kindred:rate-counted');
export type Precounted = { name: string; count: number };
/** Limits counted in memory and written in batches (BatchedRateCounter), by rule name: the guard counts those there too. */
@Injectable()
export class BatchedCounters extends Map<string, BatchedRateCounter> {}
export const RateLimit = (rule: RateLimitRule) => SetMetadata(RATE_LIMIT_KEY, rule);
/** The counter's key. Hashed: what is counted may come from the body (login's e-mail), of any length; a long key overflows the index (a 500). */
export const rateKey = (rule: Pick<RateLimitRule, 'name' | 'key'>, req: Request) =>
  `${rule.name}|${createHash('sha256')
    .update(rule.key ? rule.key(req) : String(req.ip))
    .digest('base64url')}`;

/**
 * Fixed-window rate limits counted in PostgreSQL, so every API instance shares them.
 * (Replaces @nestjs/throttler, whose counts live in one process and which is CommonJS-only.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly counters: RateLimitRepository,
    private readonly batchedCounters: BatchedCounters,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, ctx.getHandler());
    if (!rule) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const key = rateKey(rule, req);
    const pre = (req as Request & { [PRECOUNTED]?: Precounted })[PRECOUNTED];
    const batched = this.batchedCounters.get(rule.name);
    const count =
      pre?.name === rule.name
        ? pre.count
        : batched
          ? batched.hit(key)
          : await this.counters.hit(key, rule.windowSeconds);
    const res = ctx.switchToHttp().getResponse<Response>();
    const limit = limitOf(rule, this.config);
    res.setHeader('ratelimit-limit', String(limit));
    res.setHeader('ratelimit-remaining', String(Math.max(0, limit - count)));
    if (count > limit) {
      res.setHeader('retry-after', String(rule.windowSeconds));
      throw new DomainError(ErrorCode.TooMany, rule.message);
    }
    return true;
  }

  @Interval('rate-limit-prune', 10 * 60_000)
  async prune(): Promise<void> {
    await this.counters.prune();
  }
}

/**
 * The same fixed-window counters for a path too hot for one database write per request (the public
 * verification link): hits are counted in memory and added to the shared `rate_limits` row every
 * `flushMs` in one statement; the limit is checked against the row's last known count plus the hits not yet
 * written. Within one instance the count is exact; across instances a hit becomes visible to the others
 * within `flushMs` (so several instances together can exceed a limit by what they take in that time).
 */
export class BatchedRateCounter {
  private readonly entries = new Map<
    string,
    { base: number; windowStart: number; pending: number; sending: number }
  >();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private readonly counters: RateLimitRepository;

  constructor(
    ds: DataSource,
    private readonly windowSeconds: number,
    private readonly flushMs = 100,
  ) {
    this.counters = new RateLimitRepository(ds);
  }

  /** Counts one hit for `key` and returns the count in the current window, this hit included. */
  hit(key: string): number {
    const now = Date.now();
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { base: 0, windowStart: now, pending: 0, sending: 0 }));
    if (now - e.windowStart >= this.windowSeconds * 1000) {
      e.base = 0;
      e.windowStart = now;
    }
    e.pending++;
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
    return e.base + e.sending + e.pending;
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    if (this.flushing) return this.flushing;
    const batch = [...this.entries].filter(([, e]) => e.pending > 0);
    if (!batch.length) return;
    for (const [, e] of batch) {
      e.sending = e.pending;
      e.pending = 0;
    }
    this.flushing = (async () => {
      try {
        const rows = await this.counters.addHits(
          batch.map(([k]) => k),
          batch.map(([, e]) => e.sending),
          this.windowSeconds,
        );
        for (const r of rows) {
          const e = this.entries.get(r.key);
          if (!e) continue;
          e.base = r.count;
          e.windowStart = Math.min(Number(r.start), Date.now());
          e.sending = 0;
        }
      } catch {
        // The database is away: keep the hits and try again (health reports the database).
        for (const [, e] of batch) {
          e.pending += e.sending;
          e.sending = 0;
        }
      } finally {
        this.flushing = undefined;
        // Forget keys whose window is over and that have nothing to send.
        const now = Date.now();
        for (const [k, e] of this.entries)
          if (!e.pending && !e.sending && now - e.windowStart >= this.windowSeconds * 1000)
            this.entries.delete(k);
        if ([...this.entries.values()].some((e) => e.pending > 0))
          this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
      }
    })();
    return this.flushing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush().catch(() => undefined);
  }
}
