import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from './errors.js';

export interface RateLimitRule {
  /** Name of the limit, part of the counter's key. */
  name: string;
  limit: number;
  windowSeconds: number;
  /** What is counted: by default the client address; login adds the e-mail so one person's typos do not lock out a shared network. */
  key?: (req: Request) => string;
  message: string;
}

const RATE_LIMIT_KEY = 'kindred:rate-limit';
export const RateLimit = (rule: RateLimitRule) => SetMetadata(RATE_LIMIT_KEY, rule);

/**
 * Fixed-window rate limits counted in PostgreSQL, so every API instance shares them.
 * (Replaces @nestjs/throttler, whose counts live in one process and which is CommonJS-only.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, ctx.getHandler());
    if (!rule) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    // Hashed: what is counted may come from the body (login's e-mail), of any length; a long key overflows the index (a 500).
    const key = `${rule.name}|${createHash('sha256').update(rule.key ? rule.key(req) : String(req.ip)).digest('base64url')}`;
    const [row] = await this.ds.query(
      `INSERT INTO rate_limits AS r (key, window_start, count) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.window_start < now() - make_interval(secs => $2) THEN 1 ELSE r.count + 1 END,
         window_start = CASE WHEN r.window_start < now() - make_interval(secs => $2) THEN now() ELSE r.window_start END
       RETURNING count`,
      [key, rule.windowSeconds],
    );
    const res = ctx.switchToHttp().getResponse<Response>();
    res.setHeader('ratelimit-limit', String(rule.limit));
    res.setHeader('ratelimit-remaining', String(Math.max(0, rule.limit - row.count)));
    if (row.count > rule.limit) {
      res.setHeader('retry-after', String(rule.windowSeconds));
      throw new DomainError(ErrorCode.TooMany, rule.message);
    }
    return true;
  }

  @Interval('rate-limit-prune', 10 * 60_000)
  async prune(): Promise<void> {
    await this.ds.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`);
  }
}
