import { MessageParams } from '../i18n/messages';
import { Resource, RESOURCE_NAMES } from './common.messages';

/** One problem with one input field; `code` is a snake_case constraint name. */
export interface FieldProblem {
  field: string;
  code: string;
  /** Parameters for the localized message (min, max, allowed, ...). */
  params?: MessageParams;
  /** Used when no localized text exists for the code. */
  fallbackMessage?: string;
}

/**
 * A failure the caller can act on. Services throw these; the global filter turns them into
 * `{error, code, details}` with the message localized from the code's catalog entry.
 */
export class DomainError extends Error {
  /** Response headers that belong to the error (for example `WWW-Authenticate`). */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: MessageParams = {},
    readonly details: FieldProblem[] = [],
    /** Extra fields merged into the error body (for example the existing object on a 409). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export class ValidationFailedError extends DomainError {
  constructor(details: FieldProblem[]) {
    super(400, 'validation_failed', {}, details);
  }

  static field(field: string, code: string, params: MessageParams = {}): ValidationFailedError {
    return new ValidationFailedError([{ field, code, params }]);
  }
}

/** 404: the thing does not exist, or the caller may not see it (the two look the same). */
export class NotFoundError extends DomainError {
  constructor(resource: Resource, code = 'not_found') {
    super(404, code, { resource: RESOURCE_NAMES[resource] });
  }
}

/** 403: the caller may see the thing but lacks the role to change it. */
export class ForbiddenError extends DomainError {
  constructor(code = 'forbidden', params: MessageParams = {}) {
    super(403, code, params);
  }
}

/** 409: the current state forbids the action. */
export class ConflictError extends DomainError {
  constructor(code: string, params: MessageParams = {}, body: Record<string, unknown> = {}) {
    super(409, code, params, [], body);
  }
}

/**
 * 422: a well-formed id in the body does not exist (`unknown_reference`) or cannot be used
 * (`not_addable`). Names the field and the id, never the reason behind it.
 */
export class UnprocessableReferenceError extends DomainError {
  constructor(code: 'unknown_reference' | 'not_addable', field: string, ids: readonly string[]) {
    super(
      422,
      code,
      { field, id: ids.join(', ') },
      ids.map((id) => ({ field, code, params: { id } })),
    );
  }
}
