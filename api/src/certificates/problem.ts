/** A VC-API problem detail: `type` a URL naming the kind of problem, `detail` plain words. */
export interface ProblemDetail {
  type: string;
  title: string;
  detail: string;
}

export const PROBLEM = {
  parsing: 'https://www.w3.org/TR/vc-data-model#PARSING_ERROR',
  crypto: 'https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR',
  malformed: 'https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR',
  range: 'https://www.w3.org/TR/vc-data-model#RANGE_ERROR',
  status: 'https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR',
} as const;

/** Refusal of a VC-API request: answered as `{statusCode, error, message, problemDetails}` (ProblemFilter). */
export class ProblemError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 422,
    readonly problemDetails: ProblemDetail[],
  ) {
    super(problemDetails.map((p) => p.detail).join(' '));
  }
}

export const malformed = (detail: string, title = 'Invalid credential') =>
  new ProblemError(400, [{ type: PROBLEM.malformed, title, detail }]);
export const unprocessable = (detail: string, title = 'Cannot issue this credential') =>
  new ProblemError(422, [{ type: PROBLEM.malformed, title, detail }]);
