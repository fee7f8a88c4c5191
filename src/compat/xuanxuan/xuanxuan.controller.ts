import { applyDecorators, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Access, CurrentApp } from '../../auth/access.decorator';
import { TokenQueryParameter } from '../../auth/request-authenticator';
import { AppPrincipal, Scope } from '../../common/http/request-principal';
import {
  XuanxuanDirectoryDto,
  XuanxuanErrorDto,
  XuanxuanNotifyBodyDto,
  XuanxuanQueryDto,
  XuanxuanResultDto,
  XuanxuanUsersQueryDto,
} from './dto/xuanxuan.dto';
import { xuanxuanOk } from './xuanxuan.envelope';
import { XuanxuanService } from './xuanxuan.service';

/**
 * A seed 001 function. Clients call `/api.php?m=chat&f=<function>&code=&token=`; the server
 * routes it as `/api.php/chat/<function>` (see `rewriteXuanxuanUrl`), the path documented here.
 */
function XuanxuanCall(scope: Scope, summary: string) {
  const error = (description: string) => ({ description, type: XuanxuanErrorDto });
  return applyDecorators(
    HttpCode(200),
    ApiOperation({
      summary,
      description: 'Called as `/api.php?m=chat&f=<function>&code=<code>&token=<token>`.',
    }),
    ApiBadRequestResponse(error('A field is missing or invalid')),
    ApiUnauthorizedResponse(error('No token, or an invalid, expired or revoked one')),
    ApiForbiddenResponse(error(`Not a system app's token, or no \`${scope}\``)),
    ApiNotFoundResponse(error("The token's app has no such `code`, or no such function")),
    ApiTooManyRequestsResponse(error('Over the rate limit')),
    ApiServiceUnavailableResponse(error('The database is unreachable; retry later')),
    Access({ scopes: [scope], token: 'app', systemApp: true }),
    TokenQueryParameter('token'),
  );
}

/** Seed 001 (Xuanxuan chat server API), verbatim. */
@ApiTags('xuanxuan')
@Controller('api.php/chat')
export class XuanxuanController {
  constructor(private readonly xuanxuan: XuanxuanService) {}

  @Get('getChatGroups')
  @XuanxuanCall('party_admin', 'Every group: `{gid: name}`')
  @ApiOkResponse({ type: XuanxuanDirectoryDto })
  async xuanxuanGetChatGroups(@CurrentApp() app: AppPrincipal, @Query() query: XuanxuanQueryDto) {
    return xuanxuanOk(await this.xuanxuan.chatGroups(app, query));
  }

  @Post('getChatGroups')
  @XuanxuanCall('party_admin', 'Every group: `{gid: name}` (POST)')
  @ApiOkResponse({ type: XuanxuanDirectoryDto })
  async xuanxuanPostChatGroups(@CurrentApp() app: AppPrincipal, @Query() query: XuanxuanQueryDto) {
    return xuanxuanOk(await this.xuanxuan.chatGroups(app, query));
  }

  @Get('getChatUsers')
  @XuanxuanCall('party_admin', "Every user, or a group's members (`gid`): `{id: name}`")
  @ApiOkResponse({ type: XuanxuanDirectoryDto })
  @ApiUnprocessableEntityResponse({ description: 'No such group', type: XuanxuanErrorDto })
  async xuanxuanGetChatUsers(
    @CurrentApp() app: AppPrincipal,
    @Query() query: XuanxuanUsersQueryDto,
  ) {
    return xuanxuanOk(await this.xuanxuan.chatUsers(app, query));
  }

  @Post('getChatUsers')
  @XuanxuanCall('party_admin', "Every user, or a group's members (`gid`): `{id: name}` (POST)")
  @ApiOkResponse({ type: XuanxuanDirectoryDto })
  @ApiUnprocessableEntityResponse({ description: 'No such group', type: XuanxuanErrorDto })
  async xuanxuanPostChatUsers(
    @CurrentApp() app: AppPrincipal,
    @Query() query: XuanxuanUsersQueryDto,
  ) {
    return xuanxuanOk(await this.xuanxuan.chatUsers(app, query));
  }

  @Post('notifyMSG')
  @XuanxuanCall('party_notify', "Push a notification to users' notification centers or a group")
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded')
  @ApiBody({ type: XuanxuanNotifyBodyDto })
  @ApiOkResponse({ type: XuanxuanResultDto })
  @ApiUnprocessableEntityResponse({
    description: 'A `userList` id or the `gid` names no user or group',
    type: XuanxuanErrorDto,
  })
  async xuanxuanNotifyMessage(
    @CurrentApp() app: AppPrincipal,
    @Query() query: XuanxuanQueryDto,
    @Req() request: FastifyRequest,
  ) {
    await this.xuanxuan.notify(app, query, request);
    return xuanxuanOk();
  }
}
