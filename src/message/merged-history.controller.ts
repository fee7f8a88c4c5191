import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Access, CurrentUser } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { Locale } from '../common/i18n/locale';
import { UserPrincipal } from '../common/http/request-principal';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import {
  CreateMergedHistoryDto,
  MergedHistoryCreatedDto,
  MergedHistoryDto,
} from './dto/merged-history.dto';
import { renderMergedHistoryPage } from './merged-history-page';
import { MergedHistoryService } from './merged-history.service';
import { RequestLocale } from '../common/http/request-locale.decorator';

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
  @Access({ scopes: ['party_message'] })
  @ApiOperation({
    summary: 'The read-only HTML page of a merged history (the QR code target; sign-in required)',
    description: 'Outside /api/party. The token may come as the `access_token` query parameter.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'An HTML page' })
  @notFound
  async showMergedHistoryPage(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('merged_history')) id: string,
    @RequestLocale() locale: Locale,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const history = await this.histories.get(caller, id);
    void reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('x-content-type-options', 'nosniff');
    return renderMergedHistoryPage(history, locale, caller.timeZone);
  }
}
