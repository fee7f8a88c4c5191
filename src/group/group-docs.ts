import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';

/** Error responses shared by the group routes (group, members, merge requests). */
export const ApiGroupNotFound = (what = 'No such group, or you are not a member') =>
  ApiNotFoundResponse({ description: `${what} (\`not_found\`)`, type: ErrorEnvelopeDto });

export const ApiGroupConflict = (description = 'The group is dissolved (`group_dissolved`)') =>
  ApiConflictResponse({ description, type: ErrorEnvelopeDto });

export const ApiBadInput = () =>
  ApiBadRequestResponse({
    description: '`validation_failed`, naming the field',
    type: ErrorEnvelopeDto,
  });

export const ApiBadReference = (description: string) =>
  ApiUnprocessableEntityResponse({ description, type: ErrorEnvelopeDto });
