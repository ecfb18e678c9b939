import { BadRequestException, type ArgumentsHost } from '@nestjs/common';
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseErrors, ErrorFilter } from './error.filter.js';
import { DomainError, ErrorCode, invalid } from './errors.js';

function run(exception: unknown, req?: { headers: Record<string, string>; user?: unknown }) {
  const res = {
    headersSent: false,
    statusCode: 0,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    setHeader(k: string, v: string) {
      this.headers[k] = v;
    },
    status(c: number) {
      this.statusCode = c;
      return this;
    },
    json(b: unknown) {
      this.body = b;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return res;
}

describe('ErrorFilter', () => {
  it('maps domain errors to their status with the field details', () => {
    const res = run(invalid('email', 'email must be an e-mail address'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'email must be an e-mail address',
      details: [{ field: 'email', messages: ['email must be an e-mail address'] }],
    });
    expect(run(new DomainError(ErrorCode.Gone, 'gone')).statusCode).toBe(410);
  });

  it('keeps Nest HTTP errors in the same shape', () => {
    expect(run(new BadRequestException('Validation failed (uuid is expected)')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed (uuid is expected)',
    });
  });

  it('never sends a stack trace or an internal message', () => {
    const res = run(new Error('connection refused at 10.0.0.3:5432'));
    expect(res.statusCode).toBe(500);
    expect(JSON.stringify(res.body)).not.toMatch(/10\.0\.0\.3|stack|at /);
  });

  it('answers 503 with Retry-After while the database is away, not 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const shutdown = Object.assign(
      new Error('terminating connection due to administrator command'),
      { driverError: { code: '57P01' } },
    );
    for (const e of [
      refused,
      shutdown,
      new Error('Connection terminated unexpectedly'),
      new QueryRunnerAlreadyReleasedError(),
    ]) {
      const res = run(e);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    }
    expect(run(Object.assign(new Error('duplicate key'), { code: '23505' })).statusCode).toBe(500);
  });

  it('answers 503 from the Express side too (session store, user lookup), and passes anything else on', () => {
    const res = {
      headersSent: false,
      statusCode: 0,
      body: undefined as unknown,
      headers: {} as Record<string, string>,
      setHeader(k: string, v: string) {
        this.headers[k] = v;
      },
      status(c: number) {
        this.statusCode = c;
        return this;
      },
      json(b: unknown) {
        this.body = b;
      },
    };
    const passed: unknown[] = [];
    databaseErrors(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      {} as never,
      res as never,
      (e?: unknown) => passed.push(e),
    );
    expect(res.statusCode).toBe(503);
    expect(passed).toEqual([]);
    const other = new Error('something else');
    databaseErrors(other, {} as never, res as never, (e?: unknown) => passed.push(e));
    expect(passed).toEqual([other]);
  });
});
