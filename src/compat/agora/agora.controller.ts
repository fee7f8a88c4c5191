import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Access, CurrentApp } from '../../auth/access.decorator';
import { AppPrincipal, Scope } from '../../common/http/request-principal';
import {
  AgoraAnnouncementBodyDto,
  AgoraAnnouncementEnvelopeDto,
  AgoraAnnouncementSetEnvelopeDto,
  AgoraErrorDto,
  AgoraFileDeletedEnvelopeDto,
  AgoraFileEnvelopeDto,
  AgoraFileListEnvelopeDto,
  AgoraPageQueryDto,
  AgoraUploadDto,
} from './dto/agora.dto';
import { AgoraEnvelopeInterceptor } from './agora.envelope';
import { AgoraPlace, AgoraService } from './agora.service';

/** A seed 003 call: 200, a system app's bearer token, errors in Agora's format. */
function AgoraCall(scope: Scope, summary: string) {
  const error = (description: string) => ({ description, type: AgoraErrorDto });
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary }),
    ApiParam({ name: 'org_name', example: 'acme' }),
    ApiParam({ name: 'app_name', example: 'chat' }),
    ApiParam({ name: 'group_id', example: '66021836-7836-4170-8d2a-3f5c9b1e0a41' }),
    ApiBadRequestResponse(error('A field is missing or invalid (`illegal_argument`)')),
    ApiUnauthorizedResponse(error('No token, or an invalid, expired or revoked one')),
    ApiForbiddenResponse(
      error(`Not a system app's token, no \`${scope}\`, or the acting user lacks the role`),
    ),
    ApiNotFoundResponse(
      error('The app is not set up for this org / app name, or no such group or file for it'),
    ),
    ApiConflictResponse(error('The group is dissolved')),
    ApiTooManyRequestsResponse(error('Over the rate limit')),
    ApiServiceUnavailableResponse(error('The database is unreachable; retry later')),
    Access({ scopes: [scope], token: 'app', systemApp: true }),
  );
}

/** Seed 003 (Agora Chat REST API): group announcement and shared files, verbatim. */
@ApiTags('agora')
@Controller(':org_name/:app_name/chatgroups/:group_id')
@UseInterceptors(AgoraEnvelopeInterceptor)
export class AgoraController {
  constructor(private readonly agora: AgoraService) {}

  @Get('announcement')
  @AgoraCall('party_group', "The group's announcement")
  @ApiOkResponse({ type: AgoraAnnouncementEnvelopeDto })
  agoraGetAnnouncement(@CurrentApp() app: AppPrincipal, @Param() place: AgoraPlace) {
    return this.agora.getAnnouncement(app, place);
  }

  @Post('announcement')
  @AgoraCall('party_group', 'Set the announcement (at most 512 characters)')
  @ApiBody({ type: AgoraAnnouncementBodyDto })
  @ApiOkResponse({ type: AgoraAnnouncementSetEnvelopeDto })
  agoraSetAnnouncement(
    @CurrentApp() app: AppPrincipal,
    @Param() place: AgoraPlace,
    @Body() body: unknown,
  ) {
    return this.agora.setAnnouncement(app, place, body);
  }

  @Get('share_files')
  @AgoraCall('party_file', "A page of the group's shared files, newest first")
  @ApiOkResponse({ type: AgoraFileListEnvelopeDto })
  agoraListShareFiles(
    @CurrentApp() app: AppPrincipal,
    @Param() place: AgoraPlace,
    @Query() query: AgoraPageQueryDto,
  ) {
    return this.agora.listFiles(app, place, query);
  }

  @Post('share_files')
  @AgoraCall('party_file', 'Upload a shared file (multipart `file`, at most 10 MiB)')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AgoraUploadDto })
  @ApiHeader({
    name: 'restrict-access',
    required: false,
    description: '`true` (default): members only; `false`: any `party_file` token with the link',
  })
  @ApiPayloadTooLargeResponse({ description: 'Over 10 MiB', type: AgoraErrorDto })
  @ApiOkResponse({ type: AgoraFileEnvelopeDto })
  agoraUploadShareFile(
    @CurrentApp() app: AppPrincipal,
    @Param() place: AgoraPlace,
    @Req() request: FastifyRequest,
  ) {
    return this.agora.uploadFile(app, place, request);
  }

  @Get('share_files/:file_id')
  @AgoraCall('party_file', "A shared file's metadata and download address")
  @ApiParam({ name: 'file_id', example: 'c6906aa0-ed19-41ea-b480-f3cf141d15c0' })
  @ApiOkResponse({ type: AgoraFileEnvelopeDto })
  agoraGetShareFile(
    @CurrentApp() app: AppPrincipal,
    @Param() place: AgoraPlace,
    @Param('file_id') fileId: string,
  ) {
    return this.agora.getFile(app, place, fileId);
  }

  @Delete('share_files/:file_id')
  @AgoraCall('party_file', 'Delete a shared file (its uploader, the group owner or managers)')
  @ApiParam({ name: 'file_id', example: 'c6906aa0-ed19-41ea-b480-f3cf141d15c0' })
  @ApiOkResponse({ type: AgoraFileDeletedEnvelopeDto })
  agoraDeleteShareFile(
    @CurrentApp() app: AppPrincipal,
    @Param() place: AgoraPlace,
    @Param('file_id') fileId: string,
  ) {
    return this.agora.deleteFile(app, place, fileId);
  }
}
