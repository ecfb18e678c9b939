import { ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, ErrorCode, invalid, type FieldProblem } from './errors.js';
import { Localized } from './i18n.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation at the edge: unknown fields are refused, and a 400 names every field that is wrong. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    return new DomainError(
      ErrorCode.Invalid,
      new Localized('check.fields', { fields: details.map((d) => d.field).join(', ') }, ['fields']),
      details,
    );
  },
});

/**
 * A route parameter that must be a UUID (`@Param('id', uuidParam('id'))`): anything else is the same
 * 400 as a DTO's wrong field, naming the parameter, instead of Nest's bare "Validation failed".
 */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => invalid(field, `${field} must be a UUID`) });
