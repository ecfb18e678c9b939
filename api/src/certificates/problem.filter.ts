import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { ProblemError } from './problem.js';

/** VC-API refusals keep the API's one error shape and add `problemDetails`. */
@Catch(ProblemError)
export class ProblemFilter implements ExceptionFilter {
  catch(e: ProblemError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.status(e.status).json({
      statusCode: e.status,
      error: STATUS_CODES[e.status],
      message: e.message,
      problemDetails: e.problemDetails,
    });
  }
}
