import { applyDecorators, Controller, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CatchChatWireInterceptor } from './catchchat-wire';

/** CatchChat's error body. */
export class CatchChatErrorDto {
  @ApiProperty({ example: '用户名密码错误' })
  error!: string;
}

export const CATCHCHAT_TAG = 'compat: CatchChat v4';

/** A controller of the CatchChat wire: its tag, its error bodies, its forms and list envelopes. */
export function CatchChatController(path: string) {
  return applyDecorators(
    Controller(path),
    ApiTags(CATCHCHAT_TAG),
    ApiExtraModels(CatchChatErrorDto),
    UseInterceptors(CatchChatWireInterceptor),
    ApiBadRequestResponse({
      description: 'A bad field, named in `error`',
      type: CatchChatErrorDto,
    }),
  );
}

export const catchChatNotFound = (what: string) =>
  ApiNotFoundResponse({ description: `No such ${what} of yours`, type: CatchChatErrorDto });

export const catchChatConflict = (description: string) =>
  ApiConflictResponse({ description, type: CatchChatErrorDto });

export const catchChatUnknownReference = (field: string) =>
  ApiUnprocessableEntityResponse({
    description: `\`${field}\` names nobody`,
    type: CatchChatErrorDto,
  });
