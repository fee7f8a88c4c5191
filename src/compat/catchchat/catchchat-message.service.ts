import { Injectable } from '@nestjs/common';
import { DomainError, UnprocessableReferenceError } from '../../common/errors/domain-error';
import { label } from '../../common/i18n/label';
import { UserPrincipal } from '../../common/http/request-principal';
import { PageQueryDto, Paginated } from '../../common/pagination/pagination';
import { MessageDto } from '../../message/dto/message.dto';
import { MessageService } from '../../message/message.service';
import { CatchChatIds } from './catchchat-ids';
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

/** The body fields CatchChat calls what the native send names. */
const FIELD_NAMES: Record<string, keyof CreateCatchChatMessageDto> = {
  to_user: 'recipient_id',
  to_group: 'recipient_id',
  parent_id: 'parent_id',
  content: 'text_content',
};

/**
 * A refusal of the native send, in the fields and ids the CatchChat client sent (never
 * `to_user` and a UUID it has not seen); anything else as it is.
 */
function inCatchChatTerms(error: unknown, body: CreateCatchChatMessageDto): unknown {
  if (!(error instanceof DomainError) || error.details.length === 0) return error;
  const field = FIELD_NAMES[error.details[0].field];
  if (!field) return error;
  if (error instanceof UnprocessableReferenceError) {
    const sent = field === 'parent_id' ? body.parent_id : body.recipient_id;
    return new UnprocessableReferenceError(
      error.code as 'unknown_reference' | 'not_addable',
      field,
      [sent ?? ''],
    );
  }
  return new DomainError(
    error.status,
    error.code,
    error.params,
    error.details.map((detail) => ({
      ...detail,
      field: FIELD_NAMES[detail.field] ?? detail.field,
    })),
    error.body,
  );
}

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
    if (body.media_type !== undefined && body.media_type !== 0) {
      throw new DomainError(422, 'catchchat.media_needs_upload');
    }
    const recipient =
      body.recipient_type === 'User'
        ? { to_user: await this.ids.resolveField('user', body.recipient_id, 'recipient_id') }
        : { to_group: await this.ids.resolveField('group', body.recipient_id, 'recipient_id') };
    const parentId =
      body.parent_id === undefined || body.parent_id === '0'
        ? undefined
        : await this.ids.resolveField('message', body.parent_id, 'parent_id');
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
