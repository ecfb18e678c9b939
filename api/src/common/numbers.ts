import { Transform } from 'class-transformer';

/**
 * A number field: a JSON number stays as it is, a plain decimal string ("3.5", from a form) becomes that
 * number, and anything else (true, [], "1e3", "") is left alone for @IsNumber/@IsInt to refuse, naming the
 * field. (class-transformer's @Type(() => Number) turned `true` into 1, so `hours: true` stored an hour.)
 */
export const ToNumber = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value,
  );
