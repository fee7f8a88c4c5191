import { Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Access, CurrentUser } from '../../auth/access.decorator';
import { UserPrincipal } from '../../common/http/request-principal';
import { UploadFileDto } from '../../message/dto/file.dto';
import {
  CATCHCHAT_TAG,
  CatchChatController,
  CatchChatErrorDto,
  catchChatNotFound,
} from './catchchat-docs';
import { CatchChatMediaService, UPLOAD_TOKEN_HEADER } from './catchchat-media.service';
import { CatchChatMessageService } from './catchchat-message.service';
import { CatchChatMessageDto, CatchChatUploadTokenDto } from './dto/catchchat-message.dto';

const MESSAGE = { scopes: ['party_message'] } as const;
const draftId = ApiParam({ name: 'id', description: 'The drafted message', example: '5' });

@CatchChatController('api')
export class CatchChatUploadTokenController {
  constructor(private readonly media: CatchChatMediaService) {}

  @Get('messages/:id/upload_token')
  @Access(MESSAGE)
  @draftId
  @ApiOperation({
    summary: 'CatchChat: where to upload the file of your drafted image or video message',
    description:
      "The seed's unversioned path. Provider `party`: POST the file (multipart `options.field`) " +
      'to `options.url` with your token and `X-Upload-Token: <options.token>`.',
  })
  @ApiOkResponse({ type: CatchChatUploadTokenDto })
  @catchChatNotFound('drafted message')
  catchChatUploadToken(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatUploadTokenDto> {
    return this.media.uploadToken(caller, id);
  }

  @Get('v4/messages/:id/upload_token')
  @Access(MESSAGE)
  @draftId
  @ApiOperation({ summary: 'CatchChat: `upload_token` under /api/v4/ too' })
  @ApiOkResponse({ type: CatchChatUploadTokenDto })
  @catchChatNotFound('drafted message')
  catchChatUploadTokenV4(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatUploadTokenDto> {
    return this.media.uploadToken(caller, id);
  }
}

/**
 * The upload target `upload_token` names. Not a `CatchChatController`: its wire interceptor
 * reads multipart bodies as form fields, and this body is the file.
 */
@Controller('api/v4/messages')
@ApiTags(CATCHCHAT_TAG)
@ApiExtraModels(CatchChatErrorDto)
export class CatchChatAttachmentController {
  constructor(private readonly messages: CatchChatMessageService) {}

  @Post(':id/attachment')
  @HttpCode(201)
  @Access(MESSAGE)
  @draftId
  @ApiHeader({
    name: UPLOAD_TOKEN_HEADER,
    required: true,
    description: "The draft's upload token (`upload_token` → `options.token`)",
    example: 'q8Vb0mJ3l6dWn2Yx5sTz1aKc4eRh7uPo',
  })
  @ApiOperation({
    summary: 'CatchChat: upload the file of your drafted message, which sends it',
    description:
      'The native upload (limits and type detection of `POST files`), then the native send ' +
      '(blocks, membership checked again). A repeat answers the message already sent.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: CatchChatMessageDto })
  @ApiForbiddenResponse({ description: 'Wrong or used upload token', type: CatchChatErrorDto })
  @ApiUnprocessableEntityResponse({
    description: 'Recipient no longer reachable, or the file is not of the media type',
    type: CatchChatErrorDto,
  })
  @ApiPayloadTooLargeResponse({ description: 'Over the attachment limit', type: CatchChatErrorDto })
  @catchChatNotFound('drafted message')
  catchChatUploadAttachment(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
    @Headers(UPLOAD_TOKEN_HEADER) uploadToken: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<CatchChatMessageDto> {
    return this.messages.completeDraft(caller, id, uploadToken, request);
  }
}
