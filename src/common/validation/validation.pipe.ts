import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from '../errors/domain-error';
import { compiledDto } from './compiled-validation';
import { findUnstorableInput } from './storable-text';

/** Constraint arguments worth passing to the localized message, by constraint name. */
function constraintParams(
  constraint: string,
  error: ValidationError,
): Record<string, string | number> {
  const message = error.constraints?.[constraint] ?? '';
  const numbers = message.match(/-?\d+(\.\d+)?/g) ?? [];
  switch (constraint) {
    case 'min':
    case 'minLength':
    case 'arrayMinSize':
      return { min: numbers[0] ?? '' };
    case 'max':
    case 'maxLength':
    case 'arrayMaxSize':
      return { max: numbers[0] ?? '' };
    case 'isLength':
      return lengthSide(constraint, error) === 'minLength'
        ? { min: numbers[0] ?? '' }
        : { max: numbers[0] ?? '' };
    case 'isEnum':
    case 'isIn': {
      const allowed = message.split(':').slice(1).join(':').trim();
      return { allowed };
    }
    default:
      return {};
  }
}

/** `@Length` fails on one side at a time; report it as too short or too long. */
function lengthSide(constraint: string, error: ValidationError): string {
  if (constraint !== 'isLength') return constraint;
  return (error.constraints?.[constraint] ?? '').includes('longer') ? 'minLength' : 'maxLength';
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldProblem[] = Object.keys(error.constraints ?? {}).map((constraint) => ({
      field,
      code: lengthSide(constraint, error),
      params: constraintParams(constraint, error),
      fallbackMessage: error.constraints?.[constraint],
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Valid input of a flat DTO (most routes, every hot one) goes through its compiled rules; the
 * rest, and every refusal, through class-transformer and class-validator. Also checks what no
 * DTO rule can: text PostgreSQL cannot store (NUL, unpaired surrogates) and
 * nesting deep enough to overflow the transformer's stack. Both are a 400 naming the field.
 */
class PartyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path parameters are ids and names checked by their own pipes (a malformed id is a 404).
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = findUnstorableInput(value, metadata.data ?? '');
      if (problem) throw new ValidationFailedError([problem]);
      const dto = metadata.metatype && compiledDto(metadata.metatype)?.(value);
      if (dto) return dto;
    }
    return super.transform(value, metadata);
  }
}

/** Global validation: unknown fields rejected, types transformed, every bad field named. */
export function createValidationPipe(): ValidationPipe {
  return new PartyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}
