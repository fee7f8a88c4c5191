import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';

/** Error responses of the group content routes (announcement, notices, banners, shared files). */
export const ApiContentNotFound = (what?: string) =>
  ApiNotFoundResponse({
    description: `No such group or you are not a member (\`not_found\`)${what ? `, or ${what}` : ''}`,
    type: ErrorEnvelopeDto,
  });

export const ApiGroupDissolved = () =>
  ApiConflictResponse({
    description: 'The group is dissolved (`group_dissolved`)',
    type: ErrorEnvelopeDto,
  });

export const ApiContentBadInput = (description = '`validation_failed`, naming the field') =>
  ApiBadRequestResponse({ description, type: ErrorEnvelopeDto });
