import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { DomainError, ErrorCode, type FieldProblem } from './errors.js';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.Invalid]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Gone]: 410,
  [ErrorCode.TooMany]: 429,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldProblem[];
}

/** Every error leaves the API in one shape, `{statusCode, error, message, details?}`, never with a stack trace. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.code];
      return { statusCode, error: STATUS_CODES[statusCode]!, message: exception.message, ...(exception.details && { details: exception.details }) };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string' ? response : typeof (response as { message?: unknown }).message === 'string' ? (response as { message: string }).message : exception.message;
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
    }
    // Body parser errors (malformed JSON, too large) arrive as plain errors with a status.
    const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = status === 413 ? 'The request body is too large' : status === 400 ? 'The request body is not valid JSON' : (STATUS_CODES[status] ?? 'Bad request');
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Something went wrong on our side. Nothing you sent was lost; please try again.' };
  }
}
