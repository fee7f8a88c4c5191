import { Transform } from 'class-transformer';

/**
 * What `@Type(() => Number)` does for strings, numbers and booleans (form bodies and queries send
 * numbers as strings), but an object or array is left as it is, for `@IsInt` / `@IsNumber` to
 * refuse with a 400 naming the field. (`Number({toString: 'x'})` throws, a 500 otherwise.)
 */
export function toNumber(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return Number(value);
  return value;
}

/** Converts a numeric body or query field; use it instead of `@Type(() => Number)`. */
export function ToNumber(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => toNumber(value));
}
