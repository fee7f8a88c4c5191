import { Readable } from 'node:stream';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnsupportedMediaTypeResponse,
  ApiTags,
  ApiBadRequestResponse,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentUser } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { ApiBinaryDownload } from '../common/http/binary-download';
import { UserPrincipal } from '../common/http/request-principal';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { MessageFileDto, UploadFileDto } from './dto/file.dto';
import { FileService } from './file.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

@ApiTags('messages')
@Controller('files')
export class FileController {
  constructor(private readonly files: FileService) {}

  @Post()
  @Access({ scopes: ['party_message'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Upload a message attachment (multipart field `file`)',
    description:
      'The type is detected from the content. Images and audio up to 10 MiB, video and other ' +
      'files up to ATTACHMENT_MAX_BYTES (25 MiB by default). Reference it in `attachment_ids`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: MessageFileDto })
  @ApiBadRequestResponse({
    description:
      '`validation_failed`: no `file`, a second one or an unknown field; `invalid_multipart`: a body the parser cannot read',
    type: ErrorEnvelopeDto,
  })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Not a multipart body (`unsupported_media_type`)',
    type: ErrorEnvelopeDto,
  })
  @ApiPayloadTooLargeResponse({
    description: '`payload_too_large` / `file_too_large`',
    type: ErrorEnvelopeDto,
  })
  async uploadMessageFile(
    @CurrentUser() caller: UserPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<MessageFileDto> {
    return this.files.uploadFrom(caller.userId, request);
  }

  @Get(':id')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: 'Download an attachment (uploader, or who may see a message with it)' })
  @ApiBinaryDownload({ description: 'The bytes, with their detected content type' })
  @ApiNotFoundResponse({
    description: 'No such file, or you may not see it',
    type: ErrorEnvelopeDto,
  })
  async downloadMessageFile(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('file')) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { file, stream } = await this.files.open(caller.userId, id);
    const name = encodeURIComponent(file.file_name ?? file.id);
    // Media display in place; anything else (text, documents) only downloads.
    const disposition = file.kind === 'file' ? 'attachment' : 'inline';
    void reply
      .type(file.mime)
      .header('content-length', String(file.size))
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `${disposition}; filename*=UTF-8''${name}`);
    return stream;
  }
}
