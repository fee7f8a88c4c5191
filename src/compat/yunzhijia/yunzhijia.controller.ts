import { applyDecorators, Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Access, CurrentApp, Public } from '../../auth/access.decorator';
import { TokenQueryParameter } from '../../auth/request-authenticator';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import { AppPrincipal, Scope } from '../../common/http/request-principal';
import {
  YunzhijiaAddGroupUserDto,
  YunzhijiaBannerEnvelopeDto,
  YunzhijiaCreateBannerDto,
  YunzhijiaCreateGroupDto,
  YunzhijiaCreateNoticeDto,
  YunzhijiaErrorDto,
  YunzhijiaGroupActionDto,
  YunzhijiaGroupEnvelopeDto,
  YunzhijiaGroupUsersEnvelopeDto,
  YunzhijiaHistoryPageQueryDto,
  YunzhijiaMergeEnvelopeDto,
  YunzhijiaNoticeEnvelopeDto,
} from './dto/yunzhijia.dto';
import { yunzhijiaOk } from './yunzhijia.envelope';
import { YunzhijiaService } from './yunzhijia.service';

/** A seed 002 call: `POST`, 200, a system app's token as `?accessToken=`, errors in its envelope. */
function YunzhijiaCall(scope: Scope, summary: string) {
  const error = (description: string) => ({ description, type: YunzhijiaErrorDto });
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary }),
    ApiQuery({
      name: 'accessToken',
      required: true,
      description: `A token of a system app with \`${scope}\``,
      example: 'f5633c34c0c551a16c1d63bceb38d6a8',
    }),
    ApiBadRequestResponse(error('A field is missing or invalid (named in `error`)')),
    ApiUnauthorizedResponse(error('No token, or an invalid, expired or revoked one')),
    ApiForbiddenResponse(
      error(`Not a system app's token, no \`${scope}\`, or \`currentUid\` lacks the role`),
    ),
    ApiNotFoundResponse(error('No such group, or `currentUid` is not a member of it')),
    ApiUnprocessableEntityResponse(error('`currentUid` or a user id names no usable user')),
    ApiTooManyRequestsResponse(error('Over the rate limit')),
    ApiServiceUnavailableResponse(error('The database is unreachable; retry later')),
    Access({ scopes: [scope], token: 'app', systemApp: true }),
    TokenQueryParameter('accessToken'),
  );
}

/** Seed 002 (Yunzhijia group open API), verbatim paths and envelope. */
@ApiTags('yunzhijia')
@Controller()
export class YunzhijiaController {
  constructor(private readonly yunzhijia: YunzhijiaService) {}

  @Post('gateway/xtinterface/group/createGroup')
  @YunzhijiaCall('party_group', 'Create a group owned by currentUid with userIds')
  @ApiOkResponse({ type: YunzhijiaGroupEnvelopeDto })
  async yunzhijiaCreateGroup(@Body() body: YunzhijiaCreateGroupDto) {
    return yunzhijiaOk(await this.yunzhijia.createGroup(body));
  }

  @Post('gateway/xtinterface/group/addGroupUser')
  @YunzhijiaCall('party_group', 'Add users to a group (currentUid is its owner or a manager)')
  @ApiOkResponse({ type: YunzhijiaGroupEnvelopeDto })
  async yunzhijiaAddGroupUser(@Body() body: YunzhijiaAddGroupUserDto) {
    return yunzhijiaOk(await this.yunzhijia.addGroupUser(body));
  }

  @Post('gateway/xtinterface/notice/create')
  @YunzhijiaCall('party_group', 'Post a group notice (currentUid is its owner or a manager)')
  @ApiOkResponse({ type: YunzhijiaNoticeEnvelopeDto })
  async yunzhijiaCreateNotice(@Body() body: YunzhijiaCreateNoticeDto) {
    return yunzhijiaOk(await this.yunzhijia.createNotice(body));
  }

  @Post('gateway/xtinterface/banner/create')
  @YunzhijiaCall('party_group', 'Post a group banner (currentUid is its owner or a manager)')
  @ApiOkResponse({ type: YunzhijiaBannerEnvelopeDto })
  async yunzhijiaCreateBanner(@Body() body: YunzhijiaCreateBannerDto) {
    return yunzhijiaOk(await this.yunzhijia.createBanner(body));
  }

  @Post('gateway/xtinterface/message/merge/createForCloudflow')
  @YunzhijiaCall('party_message', 'Freeze the history currentUid sees into a merged history')
  @ApiOkResponse({ type: YunzhijiaMergeEnvelopeDto })
  async yunzhijiaCreateMergedHistory(
    @CurrentApp() app: AppPrincipal,
    @Body() body: YunzhijiaGroupActionDto,
  ): Promise<YunzhijiaMergeEnvelopeDto> {
    // The seed answers this call with its own values in the envelope.
    const mergeId = await this.yunzhijia.createMergedHistory(app, body);
    return { error: 'no error', data: mergeId, errorCode: 200, success: true };
  }

  @Post('gateway/xtinterface/group/groupUsers')
  @YunzhijiaCall('party_group', "A group's managers and members (currentUid is a member)")
  @ApiOkResponse({ type: YunzhijiaGroupUsersEnvelopeDto })
  async yunzhijiaGroupUsers(@Body() body: YunzhijiaGroupActionDto) {
    return yunzhijiaOk(await this.yunzhijia.groupUsers(body));
  }

  @Get('imbu/chat/history.html')
  @Public()
  @ApiOperation({
    summary: "The seed's merged-history address: redirects to the history page `/h/{mid}`",
    description:
      "The page itself is for a member's browser signed in to Party (its session cookie; a browser without one is sent to the sign-in page and back); no token travels in the URL.",
  })
  @ApiFoundResponse({ description: 'Redirect to `/h/{mid}`' })
  @ApiBadRequestResponse({ description: '`mid` is missing or not an id', type: ErrorEnvelopeDto })
  yunzhijiaHistoryPage(
    @Query() query: YunzhijiaHistoryPageQueryDto,
    @Res() reply: FastifyReply,
  ): void {
    void reply.redirect(`/h/${query.mid}`, 302);
  }
}
