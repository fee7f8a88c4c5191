import { Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { label } from '../../common/i18n/label';
import { UserPrincipal } from '../../common/http/request-principal';
import { PageQueryDto, Paginated } from '../../common/pagination/pagination';
import { MessageDto } from '../../message/dto/message.dto';
import { MessageService } from '../../message/message.service';
import { CatchChatIds } from './catchchat-ids';
import { inCatchChatTerms } from './catchchat-send-errors';
import { CatchChatMediaService, MessageRecipient } from './catchchat-media.service';
import { CatchChatList } from './catchchat-wire';
import { CatchChatViews, MessageState } from './catchchat-views';
import './catchchat.messages';
import { CatchChatEmptyDto } from './dto/catchchat-contact.dto';
import {
  CatchChatMessageCreatedDto,
  CatchChatMessageDto,
  CatchChatReportDto,
  CreateCatchChatMessageDto,
} from './dto/catchchat-message.dto';

/** CatchChat reports carry no reason; Party's moderation queue shows this one. */
const REPORT_REASON = 'Reported from a CatchChat client (no reason given)';

/**
 * CatchChat's messages over Party's: the same send (blocks, membership, limits), the same
 * visibility and cursors; `state` is read / unread as the caller's side sees it.
 */
@Injectable()
export class CatchChatMessageService {
  constructor(
    private readonly messages: MessageService,
    private readonly ids: CatchChatIds,
    private readonly views: CatchChatViews,
    private readonly drafts: CatchChatMediaService,
  ) {}

  async unread(
    caller: UserPrincipal,
    query: PageQueryDto,
  ): Promise<CatchChatList<CatchChatMessageDto>> {
    const page = await this.messages.unread(caller, query);
    const views = await this.views.messages(page.data, () => 'unread');
    return new CatchChatList('messages', Paginated.of(views, query, page.total_count));
  }

  async get(caller: UserPrincipal, id: string): Promise<CatchChatMessageDto> {
    const uuid = await this.ids.resolve('message', id);
    const message = await this.messages.getMessage(caller, uuid);
    const state = await this.stateFor(caller, message);
    const [view] = await this.views.messages([message], () => state);
    return view;
  }

  async send(
    caller: UserPrincipal,
    body: CreateCatchChatMessageDto,
  ): Promise<CatchChatMessageCreatedDto> {
    const { recipient, parentId } = await this.resolveTargets(body);
    if (body.media_type === 1 || body.media_type === 2) {
      return this.drafts.create(caller, body, recipient, parentId);
    }
    const { message } = await this.messages
      .send(caller, {
        ...recipient,
        message_type: 'text',
        content: body.text_content,
        parent_id: parentId,
        longitude: body.longitude,
        latitude: body.latitude,
        battery_level: body.battery_level,
      })
      .catch((error: unknown) => {
        throw inCatchChatTerms(error, body);
      });
    return {
      id: await this.ids.alias('message', message.id),
      battery_level: message.battery_level,
      state: 2,
      state_string: label('catchchat.message.state.', 'unread'),
      media_type: message.message_type,
      media_type_string: label('catchchat.media_type.', message.message_type),
    };
  }

  /**
   * The upload that completes the caller's image or video draft: the native message is sent with
   * the file, and the draft's id now shows it.
   */
  async completeDraft(
    caller: UserPrincipal,
    id: string,
    uploadToken: string | undefined,
    request: FastifyRequest,
  ): Promise<CatchChatMessageDto> {
    await this.drafts.complete(caller, id, uploadToken, request);
    return this.get(caller, id);
  }

  /** The UUIDs a send's `recipient_id` and `parent_id` name (422 naming the field if none). */
  private async resolveTargets(
    body: CreateCatchChatMessageDto,
  ): Promise<{ recipient: MessageRecipient; parentId: string | undefined }> {
    const recipient =
      body.recipient_type === 'User'
        ? { to_user: await this.ids.resolveField('user', body.recipient_id, 'recipient_id') }
        : { to_group: await this.ids.resolveField('group', body.recipient_id, 'recipient_id') };
    const parentId =
      body.parent_id === undefined || body.parent_id === '0'
        ? undefined
        : await this.ids.resolveField('message', body.parent_id, 'parent_id');
    return { recipient, parentId };
  }

  async markAsRead(caller: UserPrincipal, id: string): Promise<CatchChatEmptyDto> {
    await this.messages.markMessage(caller, await this.ids.resolve('message', id), 'read');
    return {};
  }

  async deliver(caller: UserPrincipal, id: string): Promise<CatchChatEmptyDto> {
    await this.messages.markMessage(caller, await this.ids.resolve('message', id), 'delivered');
    return {};
  }

  async notifyScreenshot(caller: UserPrincipal, id: string): Promise<CatchChatEmptyDto> {
    await this.messages.screenshot(caller, await this.ids.resolve('message', id));
    return {};
  }

  async report(caller: UserPrincipal, body: CatchChatReportDto): Promise<CatchChatEmptyDto> {
    const uuid = await this.ids.resolveField('message', body.message_id, 'message_id');
    await this.messages.report(caller, uuid, REPORT_REASON);
    return {};
  }

  /** Read when the caller read it, or (his own) when someone it went to read it. */
  private async stateFor(caller: UserPrincipal, message: MessageDto): Promise<MessageState> {
    const { read_by: readBy } = await this.messages.receipts(caller, message.id);
    const read =
      message.sender_id === caller.userId
        ? readBy.length > 0
        : readBy.some((person) => person.id === caller.userId);
    return read ? 'read' : 'unread';
  }
}
