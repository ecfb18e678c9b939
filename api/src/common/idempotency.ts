import { createHash } from 'node:crypto';
import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { EntityManager } from 'typeorm';
import { Clock } from './clock.js';
import { DomainError, ErrorCode } from './errors.js';
import { Localized } from './i18n.js';
import { IdempotencyRepository } from './idempotency.repository.js';

/** The request header a phone's offline queue sends (issue 19). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The header as the OpenAPI document describes it (`@ApiHeader`). */
export const IDEMPOTENCY_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A UUID per request a phone may send again (its offline queue): a replay with the same key gets the first answer and records nothing twice; the same key with another request is refused (422).',
  schema: { type: 'string', format: 'uuid' },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** JSON with object keys sorted, so the same request hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Exactly-once writes for requests a phone may send twice (a queue synced again after a lost answer, two
 * tabs syncing at once). With a key, the write and the stored answer share one transaction: a replay by
 * the same person with the same key and the same request gets the first answer and writes nothing; the
 * same key with another request is refused (422 naming the header). Without a key, `work` runs as before.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  /** The header's key, checked: a UUID, or undefined when none was sent. */
  static key(header: string | string[] | undefined): string | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value === '') return undefined;
    if (!UUID.test(value)) {
      const text = new Localized('idempotency.malformed');
      throw new DomainError(ErrorCode.Invalid, text, [
        { field: 'Idempotency-Key', messages: [text.in('en')] },
      ]);
    }
    return value.toLowerCase();
  }

  /**
   * Runs `work` once per (person, key). `request` names what is asked (route and body); `work` gets the
   * transaction to write in, or none when no key was sent (then it opens its own as it always did).
   */
  async once<T>(
    userId: string,
    key: string | undefined,
    request: unknown,
    work: (m?: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!key) return work();
    const hash = createHash('sha256').update(canonical(request)).digest('hex');
    return this.repo.transaction(async (m) => {
      const stored = await this.repo.claim(m, userId, key, hash, this.clock.now());
      if (stored) {
        if (stored.requestHash !== hash) {
          const text = new Localized('idempotency.reused');
          throw new DomainError(ErrorCode.Unprocessable, text, [
            { field: 'Idempotency-Key', messages: [text.in('en')] },
          ]);
        }
        return stored.response as T;
      }
      const result = await work(m);
      await this.repo.complete(m, userId, key, result);
      return result;
    });
  }
}

/**
 * A handler parameter: the request's Idempotency-Key, checked (400 naming the header when it is not a
 * UUID), or undefined. A decorator of its own rather than `@Headers()`, which would document the header
 * as required; the route documents it with `@ApiHeader(IDEMPOTENCY_DOC)`.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  IdempotencyService.key(ctx.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_HEADER]),
);
