import { ValidateIf } from 'class-validator';

/**
 * Like `@IsOptional()`, but only a missing field skips validation: an explicit `null` is still
 * checked, and so rejected with a 400, for fields whose column cannot hold null.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
