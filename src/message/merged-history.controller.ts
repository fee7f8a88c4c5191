import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentUser, Public } from '../auth/access.decorator';
import { sendHtmlAnswer } from '../common/http/html-page';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { UserPrincipal } from '../common/http/request-principal';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import {
  CreateMergedHistoryDto,
  MergedHistoryCreatedDto,
  MergedHistoryDto,
} from './dto/merged-history.dto';
import { MergedHistoryService } from './merged-history.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

const notFound = ApiNotFoundResponse({
  description: 'No such group or history, or you are not a member',
  type: ErrorEnvelopeDto,
});

@ApiTags('messages')
@Controller()
export class MergedHistoryController {
  constructor(private readonly histories: MergedHistoryService) {}

  @Post('groups/:id/merged-histories')
  @Access({ scopes: ['party_message'] })
  @Idempotent()
  @ApiOperation({
    summary: "Freeze a range of the group's history into a shareable copy (→ merge_id)",
    description: 'At most the newest 1,000 public messages of the range you may see.',
  })
  @ApiCreatedResponse({ type: MergedHistoryCreatedDto })
  @ApiConflictResponse({ description: '`merged_history_empty`', type: ErrorEnvelopeDto })
  @notFound
  createMergedHistory(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('group')) groupId: string,
    @Body() body: CreateMergedHistoryDto,
  ): Promise<MergedHistoryCreatedDto> {
    return this.histories.create(caller, groupId, body);
  }

  @Get('merged-histories/:id')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: "A merged history (for the group's members)" })
  @ApiOkResponse({ type: MergedHistoryDto })
  @notFound
  getMergedHistory(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('merged_history')) id: string,
  ): Promise<MergedHistoryDto> {
    return this.histories.get(caller, id);
  }

  @Get('h/:id')
  @Public()
  @ApiOperation({
    summary: 'The read-only HTML page of a merged history (the QR code target)',
    description:
      "Outside /api/party, for browsers: read as the user of the browser's Party session (signed in on the consent page). Without a session, a redirect to the sign-in page, which comes back here. No token in the URL.",
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML page' })
  @ApiResponse({ status: 303, description: 'To `/oauth/sign-in?return_to=/h/{id}` (no session)' })
  @notFound
  async showMergedHistoryPage(
    @Param('id', new ParseIdPipe('merged_history')) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { cookie, 'accept-language': language } = request.headers;
    sendHtmlAnswer(reply, await this.histories.page(id, cookie, language));
  }
}
