/** Domain errors: a small set of codes, mapped to HTTP in one place (ErrorFilter). Messages speak to the user. */
export enum ErrorCode {
  Invalid = 'invalid',
  /** well-formed but not acceptable yet (e.g. a knowledge check with questions left unanswered) */
  Unprocessable = 'unprocessable',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Gone = 'gone',
  TooMany = 'too_many',
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
  }
}

export const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.Invalid, message, [{ field, messages: [message] }]);
