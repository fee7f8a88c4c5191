import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENT = 'party:idempotent';

/**
 * A creating `POST` without a natural key: it honours an `Idempotency-Key` header (see
 * `IdempotentAnswer`).
 */
export function Idempotent() {
  return applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe (1-255 visible ASCII characters, unique per request, e.g. a UUID). The same key with the same request within 24 hours answers the first answer again (same status and body, header `Idempotent-Replayed: true`) without doing anything; with another request 422 `idempotency_key_reused`; while the first is still running 409 `idempotency_key_in_use`; after a first request whose answer was lost once it had been carried out, 409 `idempotency_request_committed`.',
      schema: { type: 'string', example: '5f0c6f0e-2f4b-4d0e-9a59-2b8c3f1d7e21' },
    }),
  );
}
