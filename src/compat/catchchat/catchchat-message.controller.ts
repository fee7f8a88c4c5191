import { Body, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentUser } from '../../auth/access.decorator';
import { UserPrincipal } from '../../common/http/request-principal';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  CatchChatController,
  catchChatConflict,
  CatchChatErrorDto,
  catchChatNotFound,
} from './catchchat-docs';
import { CatchChatMessageService } from './catchchat-message.service';
import { CatchChatList } from './catchchat-wire';
import { CatchChatEmptyDto } from './dto/catchchat-contact.dto';
import {
  CatchChatMessageCreatedDto,
  CatchChatMessageDto,
  CatchChatMessageListDto,
  CatchChatReportDto,
  CreateCatchChatMessageDto,
} from './dto/catchchat-message.dto';

const MESSAGE = { scopes: ['party_message'] } as const;
const messageId = ApiParam({ name: 'id', description: 'Message id', example: '3' });

@CatchChatController('api/v4/messages')
export class CatchChatMessageController {
  constructor(private readonly messages: CatchChatMessageService) {}

  @Get('unread')
  @Access(MESSAGE)
  @ApiOperation({ summary: 'CatchChat: every message you have not read' })
  @ApiOkResponse({ type: CatchChatMessageListDto })
  catchChatUnreadMessages(
    @CurrentUser() caller: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatMessageDto>> {
    return this.messages.unread(caller, query);
  }

  @Get(':id')
  @Access(MESSAGE)
  @messageId
  @ApiOperation({ summary: 'CatchChat: one message you may see' })
  @ApiOkResponse({ type: CatchChatMessageDto })
  @catchChatNotFound('message')
  catchChatGetMessage(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatMessageDto> {
    return this.messages.get(caller, id);
  }

  @Post()
  @HttpCode(201)
  @Access(MESSAGE)
  @ApiOperation({
    summary: 'CatchChat: send a text message to a user or a group',
    description: 'The native send: blocks, membership and limits apply.',
  })
  @ApiCreatedResponse({ type: CatchChatMessageCreatedDto })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown or unreachable recipient, or an image / video message',
    type: CatchChatErrorDto,
  })
  catchChatSendMessage(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CreateCatchChatMessageDto,
  ): Promise<CatchChatMessageCreatedDto> {
    return this.messages.send(caller, body);
  }

  @Patch(':id/mark_as_read')
  @Access(MESSAGE)
  @messageId
  @ApiOperation({ summary: 'CatchChat: you read a message (and everything before it)' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('message')
  catchChatMarkMessageRead(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatEmptyDto> {
    return this.messages.markAsRead(caller, id);
  }

  @Patch(':id/deliver')
  @Access(MESSAGE)
  @messageId
  @ApiOperation({ summary: 'CatchChat: a message reached your device' })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('message')
  catchChatMarkMessageDelivered(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatEmptyDto> {
    return this.messages.deliver(caller, id);
  }

  @Post(':id/notify_screenshot')
  @HttpCode(200)
  @Access(MESSAGE)
  @messageId
  @ApiOperation({ summary: "CatchChat: tell a message's sender you took a screenshot of it" })
  @ApiOkResponse({ type: CatchChatEmptyDto })
  @catchChatNotFound('message')
  @catchChatConflict('Your own message')
  catchChatNotifyScreenshot(
    @CurrentUser() caller: UserPrincipal,
    @Param('id') id: string,
  ): Promise<CatchChatEmptyDto> {
    return this.messages.notifyScreenshot(caller, id);
  }
}

@CatchChatController('api/v4/reports')
export class CatchChatReportController {
  constructor(private readonly messages: CatchChatMessageService) {}

  @Post()
  @HttpCode(201)
  @Access(MESSAGE)
  @ApiOperation({ summary: 'CatchChat: report a message you may see (once)' })
  @ApiCreatedResponse({ type: CatchChatEmptyDto })
  @catchChatConflict('Already reported')
  catchChatReportMessage(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: CatchChatReportDto,
  ): Promise<CatchChatEmptyDto> {
    return this.messages.report(caller, body);
  }
}
