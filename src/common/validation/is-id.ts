import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isUUID, IsUUID, ValidationOptions } from 'class-validator';

/**
 * Ids in one spelling: PostgreSQL reads an upper-case uuid, but services compare, sort and
 * de-duplicate ids as strings (is this me? the pair's order, a set of members), and events
 * repeat what the request said. A value that is not a string is left for `@IsUUID` to refuse.
 */
function lowerCaseIds(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) {
    return value.map((item: unknown) => (typeof item === 'string' ? item.toLowerCase() : item));
  }
  return value;
}

/** An id field (or, with `each`, a list of ids): any uuid, stored and compared in lower case. */
export function IsId(options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => lowerCaseIds(value)),
    IsUUID('all', options),
  );
}

/** A path or vendor id in its one spelling, or null when it cannot be an id. */
export function parseId(value: string): string | null {
  return isUUID(value) ? value.toLowerCase() : null;
}
