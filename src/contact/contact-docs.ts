import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';

/** Error responses shared by the contact routes. */
export const ApiContactNotFound = (what: string) =>
  ApiNotFoundResponse({ description: `${what} (\`not_found\`)`, type: ErrorEnvelopeDto });

export const ApiContactConflict = (description: string) =>
  ApiConflictResponse({ description, type: ErrorEnvelopeDto });

/** Also keeps the guard's 403 documented: both share the status. */
export const ApiContactForbidden = (description: string) =>
  ApiForbiddenResponse({
    description: `${description}; or the token lacks party_contact (\`insufficient_scope\`)`,
    type: ErrorEnvelopeDto,
  });

export const ApiContactBadInput = (description = '`validation_failed`, naming the field') =>
  ApiBadRequestResponse({ description, type: ErrorEnvelopeDto });

export const ApiContactBadReference = (description: string) =>
  ApiUnprocessableEntityResponse({ description, type: ErrorEnvelopeDto });
