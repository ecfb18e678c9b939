import { Localized, type Lang } from './i18n.js';
import { problemIn } from './problems.js';

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
  /** The message in every language, when it has been written so (else `message`, in English). */
  readonly text?: Localized;

  constructor(
    readonly code: ErrorCode,
    message: string | Localized,
    readonly details?: FieldProblem[],
  ) {
    super(typeof message === 'string' ? message : message.in('en'));
    if (message instanceof Localized) this.text = message;
  }

  /** The message and details in the reader's language. */
  said(lang: Lang): { message: string; details?: FieldProblem[] } {
    if (lang === 'en')
      return { message: this.message, ...(this.details && { details: this.details }) };
    // Written in every language (Localized), else a general message said through the table (problems.ts).
    const message = this.text ? this.text.in(lang) : problemIn(lang, this.message);
    const details = this.details?.map((d) => ({
      field: d.field,
      messages: d.messages.map((m) => (m === this.message ? message : problemIn(lang, m))),
    }));
    return { message, ...(details && { details }) };
  }
}

export const invalid = (field: string, message: string | Localized) => {
  const english = typeof message === 'string' ? message : message.in('en');
  return new DomainError(ErrorCode.Invalid, message, [{ field, messages: [english] }]);
};
