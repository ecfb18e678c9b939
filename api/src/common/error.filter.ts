import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode, type FieldProblem } from './errors.js';
import { requestLang, type Lang } from './i18n.js';
import { problemIn } from './problems.js';
import { requestIdOf } from './request-log.js';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.Invalid]: 400,
  [ErrorCode.Unprocessable]: 422,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Gone]: 410,
  [ErrorCode.TooMany]: 429,
};

/** SQLSTATE classes and socket errors that mean "the database is not there right now", not "this request is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3])/;
const UNAVAILABLE_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when the error says the database went away (restarting, unreachable), so the answer is 503 and retrying later works. */
export function databaseUnavailable(e: unknown): boolean {
  for (
    let err = e as { code?: unknown; message?: unknown; driverError?: unknown } | undefined,
      depth = 0;
    err && depth < 3;
    err = err.driverError as typeof err, depth++
  ) {
    const code = typeof err.code === 'string' ? err.code : '';
    if (UNAVAILABLE_SOCKET.has(code) || (code.length === 5 && UNAVAILABLE_SQLSTATE.test(code)))
      return true;
    if (typeof err.message === 'string' && UNAVAILABLE_MESSAGE.test(err.message)) return true;
    // TypeORM releases a transaction's query runner when its connection errors (the server went away);
    // the transaction's next query then fails with this instead of the connection error itself.
    if ((err as { name?: unknown }).name === 'QueryRunnerAlreadyReleasedError') return true;
  }
  return false;
}

const UNAVAILABLE_MESSAGE_TEXT =
  'The database is restarting. Nothing you sent was saved; please try again in a few seconds.';

/**
 * Express error middleware for what runs before Nest's filters (the session store, the user lookup):
 * a database that is away answers 503 there too; anything else goes on to the next handler.
 */
export function databaseErrors(
  err: unknown,
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (!databaseUnavailable(err) || res.headersSent) return next(err);
  res.setHeader('retry-after', '5');
  res
    .status(503)
    .json({ statusCode: 503, error: 'Service Unavailable', message: UNAVAILABLE_MESSAGE_TEXT });
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldProblem[];
  /** The request's id (also the `x-request-id` header and in the log line), to quote when reporting a problem. */
  requestId?: string;
}

/** Every error leaves the API in one shape, `{statusCode, error, message, details?}`, never with a stack trace. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(res);
    const lang = requestLang(host.switchToHttp().getRequest<Request>());
    const body = { ...this.toBody(exception, lang), ...(requestId && { requestId }) };
    if (body.statusCode === 503)
      this.logger.warn(
        `database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    else if (body.statusCode >= 500)
      this.logger.error(
        `${requestId ? `[${requestId}] ` : ''}${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    if (res.headersSent) return;
    if (body.statusCode === 503) res.setHeader('retry-after', '5');
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, lang: Lang): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.code];
      return { statusCode, error: STATUS_CODES[statusCode]!, ...exception.said(lang) };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : exception.message;
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: problemIn(lang, message),
      };
    }
    // Body parser errors (malformed JSON, too large) arrive as plain errors with a status.
    const status =
      (exception as { status?: number; statusCode?: number })?.status ??
      (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        status === 413
          ? 'The request body is too large'
          : status === 400
            ? 'The request body is not valid JSON'
            : (STATUS_CODES[status] ?? 'Bad request');
      return {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: problemIn(lang, message),
      };
    }
    if (databaseUnavailable(exception)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: UNAVAILABLE_MESSAGE_TEXT,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Nothing you sent was lost; please try again.',
    };
  }
}
