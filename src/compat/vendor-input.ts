import { Type } from '@nestjs/common';
import { DomainError, FieldProblem } from '../common/errors/domain-error';
import { AppPrincipal, UserPrincipal } from '../common/http/request-principal';
import { createValidationPipe } from '../common/validation/validation.pipe';

/** Native field name → the vendor's name for it. */
export type FieldNames = Readonly<Record<string, string>>;

const nativePipe = createValidationPipe();

function renameField(field: string, names: FieldNames): string {
  const [head, ...rest] = field.split('.');
  return [names[head] ?? head, ...rest].join('.');
}

/** The same error, naming the vendor's fields instead of Party's. */
function renamed(error: DomainError, names: FieldNames): DomainError {
  const details: FieldProblem[] = error.details.map((problem) => ({
    ...problem,
    field: renameField(problem.field, names),
  }));
  const params =
    typeof error.params.field === 'string'
      ? { ...error.params, field: renameField(error.params.field, names) }
      : error.params;
  const copy = new DomainError(error.status, error.code, params, details, error.body);
  Object.assign(copy.headers, error.headers);
  return copy;
}

/**
 * Runs a native call, naming the vendor's fields in its errors (a 422 `unknown_reference` on
 * `user_ids` becomes one on `userIds`): the rule stays native, only the name changes.
 */
export async function withVendorFields<T>(names: FieldNames, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DomainError ? renamed(error, names) : error;
  }
}

/**
 * Builds and validates a native request DTO from the vendor's values with the global validation
 * pipe, so the native rules (lengths, counts, formats) apply unchanged; problems name the vendor's
 * fields.
 */
export function nativeInput<T extends object>(
  type: Type<T>,
  value: Record<string, unknown>,
  names: FieldNames,
): Promise<T> {
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return withVendorFields(
    names,
    async () => (await nativePipe.transform(defined, { type: 'body', metatype: type })) as T,
  );
}

/**
 * A system app acting as one of its users (Yunzhijia's `currentUid`, Agora's administrator): the
 * native services then check that user's memberships and roles as for his own token.
 */
export function actingUser(app: AppPrincipal, userId: string): UserPrincipal {
  return {
    kind: 'user',
    userId,
    tokenId: app.tokenId,
    scopes: app.scopes,
    appId: app.appId,
    locale: app.locale,
    timeZone: 'UTC',
  };
}
