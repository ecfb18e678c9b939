import type { NextFunction, Request, Response } from 'express';
import type { FieldProblem } from './errors.js';

/** Deeper than any document we accept (a signed credential with embedded endorsements is about 12 levels). */
export const MAX_DEPTH = 64;

/**
 * What no field of any request may hold, found in one iterative walk (no recursion, so no stack to exhaust):
 * nesting deeper than MAX_DEPTH (class-transformer and the validators recurse and overflow the stack: a 500),
 * a NUL character (PostgreSQL text cannot store it: a 500 from the database), and a lone UTF-16 surrogate
 * (validator.js's e-mail and length checks call encodeURI, which throws on it: a 500; stored, it would
 * silently become U+FFFD). Keys are checked too.
 */
export function findBadInput(value: unknown, root = ''): FieldProblem | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = badText(v);
      if (problem) return { field: path || 'body', messages: [`${path || 'The body'} ${problem}`] };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH)
      return { field: path || 'body', messages: [`${path || 'The body'} is nested too deeply`] };
    for (const [k, child] of Object.entries(v)) {
      const keyProblem = badText(k);
      const at = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      if (keyProblem) return { field: at, messages: [`The name of ${at} ${keyProblem}`] };
      stack.push([child, at, depth + 1]);
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(s)) return 'is not well-formed Unicode';
  return undefined;
}

/** Express middleware: refuses such a body or query string with the API's 400 shape, naming the field. */
export function refuseBadInput(req: Request, res: Response, next: NextFunction): void {
  const problem = findBadInput(req.body) ?? findBadInput(req.query, 'query');
  if (!problem) return next();
  res.status(400).json({
    statusCode: 400,
    error: 'Bad Request',
    message: `Please check: ${problem.field}`,
    details: [problem],
  });
}
