import {
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiContentBadInput,
  ApiContentNotFound,
  ApiGroupDissolved,
} from '../announcement/group-content-docs';
import { Access, CurrentUser, Principal } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { ApiBinaryDownload } from '../common/http/binary-download';
import { AuthPrincipal, UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { ShareFileDto, ShareFilePageQueryDto, UploadShareFileDto } from './dto/share-file.dto';
import { sendShareFileContent } from './share-file.http';
import { ShareFileService } from './share-file.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

const NO_FILE = 'no such file in the group, or a members-only file (`share_file_not_found`)';

@ApiTags('group content')
@Controller('groups/:id/share-files')
export class ShareFileController {
  constructor(private readonly files: ShareFileService) {}

  @Get()
  @Access({ scopes: ['party_file'] })
  @ApiOperation({ summary: "The group's shared files, newest first (members)" })
  @ApiPaginatedResponse(ShareFileDto)
  @ApiContentBadInput('`validation_failed` (`per_page` is at most 1000 here)')
  @ApiContentNotFound()
  listGroupShareFiles(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Query() query: ShareFilePageQueryDto,
  ): Promise<Paginated<ShareFileDto>> {
    return this.files.listShareFiles(caller.userId, id, query);
  }

  @Post()
  @Access({ scopes: ['party_file'] })
  @Idempotent()
  @ApiOperation({
    summary: 'Upload a shared file (members)',
    description:
      'multipart/form-data with the part `file` (at most 10 MiB) and optionally `restrict_access` (default true: members only). The type is detected from the content, the name sanitized, the SHA-256 recorded.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadShareFileDto })
  @ApiHeader({
    name: 'restrict-access',
    required: false,
    description: "The seed's way to send `restrict_access` (`true` / `false`)",
  })
  @ApiCreatedResponse({ type: ShareFileDto })
  @ApiContentBadInput(
    '`validation_failed`: no `file`, a second one, a bad `restrict_access` or an unknown field; `invalid_multipart`: a body the parser cannot read',
  )
  @ApiContentNotFound()
  @ApiGroupDissolved()
  @ApiPayloadTooLargeResponse({
    description: 'The file is over 10 MiB (`payload_too_large`); nothing is kept',
    type: ErrorEnvelopeDto,
  })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Not a multipart body (`unsupported_media_type`)',
    type: ErrorEnvelopeDto,
  })
  uploadGroupShareFile(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ShareFileDto> {
    return this.files.uploadShareFile(caller.userId, id, request);
  }

  @Get(':file_id')
  @Access({ scopes: ['party_file'], token: 'any' })
  @ApiOperation({
    summary: "A shared file's metadata",
    description: 'Members see every file; anyone with a `party_file` token sees unrestricted ones.',
  })
  @ApiOkResponse({ type: ShareFileDto })
  @ApiContentNotFound(NO_FILE)
  getGroupShareFile(
    @Principal() caller: AuthPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('file_id', new ParseIdPipe('share file')) fileId: string,
  ): Promise<ShareFileDto> {
    return this.files.getShareFile(caller, id, fileId);
  }

  @Get(':file_id/content')
  @Access({ scopes: ['party_file'], token: 'any' })
  @ApiOperation({
    summary: 'Download a shared file',
    description:
      'Streams the bytes with `Content-Type`, `Content-Length`, `Content-Disposition` (RFC 6266 with the UTF-8 name) and `ETag`. A single `Range: bytes=a-b` answers 206 with `Content-Range`; a range past the end is a 416.',
  })
  @ApiBinaryDownload({ description: 'The file', etag: true, ranges: true })
  @ApiContentNotFound(NO_FILE)
  async downloadGroupShareFile(
    @Principal() caller: AuthPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('file_id', new ParseIdPipe('share file')) fileId: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendShareFileContent(
      reply,
      await this.files.openShareFileContent(caller, id, fileId, { range, ifRange }),
    );
  }

  @Delete(':file_id')
  @HttpCode(204)
  @Access({ scopes: ['party_file'] })
  @ApiOperation({
    summary: 'Delete a shared file (its uploader, the group owner or managers)',
    description: 'The bytes are removed from storage too.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiContentNotFound('no such file in the group (`share_file_not_found`)')
  @ApiGroupDissolved()
  async deleteGroupShareFile(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) id: string,
    @Param('file_id', new ParseIdPipe('share file')) fileId: string,
  ): Promise<void> {
    await this.files.deleteShareFile(caller.userId, id, fileId);
  }
}
