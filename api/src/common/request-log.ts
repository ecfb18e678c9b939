import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** A caller's own correlation id is kept when it is short and plain; anything else gets a fresh one. */
const CALLER_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** This request's id: in the `x-request-id` answer header, every error body and the request log line. */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = (res.locals as Record<string, unknown> | undefined)?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Gives every request an id (`x-request-id`: the caller's if it sent a plain one) and, when `logRequests` is on
 * (JSON logs, i.e. production), writes one line per request when the answer is finished: method, path
 * without the query (queries can hold tokens), status, duration, id. Nothing about the person or the body.
 */
export function requestLog(logRequests: boolean) {
  const logger = new Logger('Request');
  return (req: Request, res: Response, next: NextFunction): void => {
    const sent = req.headers['x-request-id'];
    const id = typeof sent === 'string' && CALLER_ID.test(sent) ? sent : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    if (logRequests) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        logger.log({
          message: `${req.method} ${req.path} ${res.statusCode}`,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          requestId: id,
        });
      });
    }
    next();
  };
}
