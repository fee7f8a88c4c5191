import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Access, CurrentUser, Principal } from '../auth/access.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { AuthPrincipal, UserPrincipal } from '../common/http/request-principal';
import { ApiPaginatedResponse, PageQueryDto, Paginated } from '../common/pagination/pagination';
import { ParseIdPipe } from '../common/validation/parse-id.pipe';
import { BroadcastDto, BroadcastResultDto } from './dto/broadcast.dto';
import {
  HistoryDto,
  HistoryQueryDto,
  MessageDto,
  MessageReportDto,
  ReadCursorDto,
  ReceiptsDto,
  ReportMessageDto,
  SendMessageDto,
} from './dto/message.dto';
import { MessageService } from './message.service';
import { Idempotent } from '../common/idempotency/idempotent.decorator';

const notFound = (what: string) =>
  ApiNotFoundResponse({
    description: `No such ${what}, or you may not see it`,
    type: ErrorEnvelopeDto,
  });
const badInput = ApiBadRequestResponse({
  description: '`validation_failed`',
  type: ErrorEnvelopeDto,
});

@ApiTags('messages')
@Controller()
export class MessageController {
  constructor(private readonly messages: MessageService) {}

  @Post('messages')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({
    summary: 'Send a message',
    description:
      '`to_user` alone: private message; `to_group` alone: group message; both: group-private ' +
      '(only you and that member see it). Repeating a `client_msg_id` returns the original (200).',
  })
  @ApiCreatedResponse({ type: MessageDto, description: 'Sent' })
  @ApiOkResponse({ type: MessageDto, description: 'A repeat of an earlier `client_msg_id`' })
  @ApiUnprocessableEntityResponse({
    description:
      '`unknown_reference` / `not_addable` on to_user, to_group, parent_id or attachment_ids',
    type: ErrorEnvelopeDto,
  })
  @ApiConflictResponse({ description: '`group_dissolved`', type: ErrorEnvelopeDto })
  @badInput
  async sendMessage(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: SendMessageDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MessageDto> {
    const { message, created } = await this.messages.send(caller, body);
    void reply.status(created ? 201 : 200);
    return message;
  }

  @Post('broadcasts')
  @Access({ scopes: ['party_message'], appScopes: ['party_admin'], token: 'any' })
  @Idempotent()
  @ApiOperation({
    summary: 'Broadcast one message privately to many users (up to 10,000)',
    description:
      'User tokens send as themselves to `user_ids` or `all_friends`. App tokens of system apps ' +
      'with `party_admin` may broadcast to any users, as `sender_id`. Recipients who blocked the ' +
      'sender are skipped.',
  })
  @ApiCreatedResponse({ type: BroadcastResultDto })
  @ApiUnprocessableEntityResponse({ description: '`unknown_reference`', type: ErrorEnvelopeDto })
  @badInput
  broadcastMessage(
    @Principal() principal: AuthPrincipal,
    @Body() body: BroadcastDto,
  ): Promise<BroadcastResultDto> {
    return this.messages.broadcast(principal, body);
  }

  @Get('conversations/:kind/:id/messages')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({
    summary: 'History of a conversation, newest first, by sequence cursor',
    description: '`before_seq` pages back; `after_seq` catches up (the oldest newer messages).',
  })
  @ApiParam({ name: 'kind', enum: ['user', 'group'] })
  @ApiOkResponse({ type: HistoryDto })
  @notFound('user or group')
  @badInput
  listConversationMessages(
    @CurrentUser() caller: UserPrincipal,
    @Param('kind') kind: string,
    @Param('id', new ParseIdPipe('conversation')) id: string,
    @Query() query: HistoryQueryDto,
  ): Promise<HistoryDto> {
    return this.messages.history(caller, kind, id, query);
  }

  @Get('messages/unread')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: 'Your unread messages, newest first (blocked groups left out)' })
  @ApiPaginatedResponse(MessageDto)
  @badInput
  listUnreadMessages(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<Paginated<MessageDto>> {
    return this.messages.unread(caller, query);
  }

  @Get('messages/:id')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: 'One message you may see' })
  @ApiOkResponse({ type: MessageDto })
  @notFound('message')
  getMessage(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('message')) id: string,
  ): Promise<MessageDto> {
    return this.messages.getMessage(caller, id);
  }

  @Post('messages/:id/read')
  @HttpCode(200)
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: 'Mark read up to this message (the cursor never moves back)' })
  @ApiOkResponse({ type: ReadCursorDto })
  @notFound('message')
  markMessageRead(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('message')) id: string,
  ): Promise<ReadCursorDto> {
    return this.messages.markMessage(caller, id, 'read');
  }

  @Post('messages/:id/delivered')
  @HttpCode(200)
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: 'Mark received up to this message' })
  @ApiOkResponse({ type: ReadCursorDto })
  @notFound('message')
  markMessageDelivered(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('message')) id: string,
  ): Promise<ReadCursorDto> {
    return this.messages.markMessage(caller, id, 'delivered');
  }

  @Post('messages/:id/screenshot')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({
    summary: 'Tell the sender you took a screenshot of his message',
    description: 'Stores a `screenshot` message that only you and the sender see.',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiConflictResponse({
    description: '`message_screenshot_pointless` (your own or an app message)',
    type: ErrorEnvelopeDto,
  })
  @notFound('message')
  notifyMessageScreenshot(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('message')) id: string,
  ): Promise<MessageDto> {
    return this.messages.screenshot(caller, id);
  }

  @Get('messages/:id/receipts')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: "Who has read / received a message (from the members' cursors)" })
  @ApiOkResponse({ type: ReceiptsDto })
  @notFound('message')
  getMessageReceipts(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('message')) id: string,
  ): Promise<ReceiptsDto> {
    return this.messages.receipts(caller, id);
  }

  @Post('messages/:id/reports')
  @Access({ scopes: ['party_message'] })
  @ApiOperation({ summary: 'Report a message for moderation (once per message)' })
  @ApiCreatedResponse({ type: MessageReportDto })
  @ApiConflictResponse({ description: '`message_already_reported`', type: ErrorEnvelopeDto })
  @notFound('message')
  @badInput
  reportMessage(
    @CurrentUser() caller: UserPrincipal,
    @Param('id', new ParseIdPipe('message')) id: string,
    @Body() body: ReportMessageDto,
  ): Promise<MessageReportDto> {
    return this.messages.report(caller, id, body.reason);
  }
}
