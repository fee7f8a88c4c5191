import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { UserService } from '../auth/user.service';
import { ContactService } from '../contact/contact.service';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  UnprocessableReferenceError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { AuthPrincipal, UserPrincipal } from '../common/http/request-principal';
import { Paginated } from '../common/pagination/pagination';
import { Clock } from './clock';
import { EventAudience, EventDraft } from '../events/event-catalogue';
import { personRef, toStoredData } from '../events/event-view';
import { WebhookBeforeSendService } from '../webhook/webhook-before-send.service';
import { EventWakeup } from '../events/event-wakeup';
import { toPerson } from '../common/people/person.dto';
import { EventLogService } from '../events/event-log.service';
import {
  HistoryDto,
  HistoryQueryDto,
  MessageDto,
  MessageFieldsDto,
  MessageReportDto,
  ReadCursorDto,
  ReceiptsDto,
  SendMessageDto,
  SystemMessageType,
  MAX_CONTENT_LENGTH,
} from './dto/message.dto';
import { BroadcastDto, BroadcastResultDto } from './dto/broadcast.dto';
import { MessageEvents, MessageReportedEvent } from './message.events';
import { MessagePresenter } from './message-presenter';
import { MessageReadRepository } from './message-read.repository';
import { MessageSendRepository, SendInput, SendRefusal } from './message-send.repository';
import {
  AttachmentRow,
  MembershipRow,
  lastMessageSnapshot,
  MessageFields,
  MessageRow,
  MessageRepository,
} from './message.repository';
import './message.messages';

export const MAX_BROADCAST_RECIPIENTS = 10_000;

/** Messages just stored, with the attachments written with them. */
interface StoredMessages {
  rows: MessageRow[];
  attachments: AttachmentRow[];
}

export type PeerKind = 'user' | 'group';

/** What a conversation path (`user/{id}` or `group/{id}`) names for the caller. */
export interface ResolvedPeer {
  kind: PeerKind;
  peerId: string;
  conversationId: string | null;
  membership: MembershipRow | null;
}

export interface GroupNotification {
  title: string;
  content: string | null;
  payload: Record<string, unknown>;
}

/** Sends, reads and cursors: the rules of messages. */
@Injectable()
export class MessageService {
  constructor(
    private readonly repository: MessageRepository,
    private readonly presenter: MessagePresenter,
    private readonly contacts: ContactService,
    private readonly users: UserService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly eventLog: EventLogService,
    private readonly sends: MessageSendRepository,
    private readonly reads: MessageReadRepository,
    private readonly wakeup: EventWakeup,
    private readonly beforeSend: WebhookBeforeSendService,
  ) {}

  // ---------- sending ----------

  async send(
    caller: UserPrincipal,
    dto: SendMessageDto,
  ): Promise<{ message: MessageDto; created: boolean }> {
    const me = caller.userId;
    if (!dto.to_user && !dto.to_group) {
      throw new ValidationFailedError([
        { field: 'to_user', code: 'message_recipient_required' },
        { field: 'to_group', code: 'message_recipient_required' },
      ]);
    }
    checkFieldsShape(dto);
    if (!dto.to_group && dto.to_user === me) {
      throw new UnprocessableReferenceError('not_addable', 'to_user', [me]);
    }
    // The apps' before-send hooks see the message before anything is stored, and may change its
    // content or refuse it (422 rejected_by_app).
    const content = await this.beforeSend.review(
      {
        sender_id: me,
        to_user: dto.to_user ?? null,
        to_group: dto.to_group ?? null,
        message_type: dto.message_type,
        content: dto.content ?? null,
        parent_id: dto.parent_id ?? null,
        attachment_ids: dto.attachment_ids ?? [],
        client_msg_id: dto.client_msg_id ?? null,
      },
      MAX_CONTENT_LENGTH,
    );
    if (content !== (dto.content ?? null)) dto = { ...dto, content: content ?? undefined };
    const fields = this.fieldsOf(me, dto, dto.client_msg_id ?? null);
    const input = this.sendInput(me, dto, fields);
    // One statement checks and stores everything; what the answer needs comes back with it, so
    // a send that committed is answered without another round trip that could fail.
    const outcome = dto.to_group
      ? await this.sends.sendToGroup(dto.to_group, dto.to_user ?? null, input)
      : await this.sends.sendDirect(dto.to_user as string, input);
    if (outcome.status === 'duplicate') {
      const original = await this.repository.messageBySenderClientId(
        me,
        fields.clientMsgId as string,
      );
      if (!original) throw new Error('A duplicate client_msg_id without its message');
      return { message: await this.presenter.presentOne(me, original), created: false };
    }
    if (outcome.status !== 'ok')
      throw refusalError(outcome.status, dto, outcome.missingAttachments);
    this.wakeup.committed();
    const sender = new Map([[me, toPerson(outcome.sender)]]);
    return {
      message: this.presenter.view(outcome.row, outcome.attachments, sender),
      created: true,
    };
  }

  /**
   * The checks of a send without sending (recipient, membership, blocks, parent), for clients
   * that compose a message before its file is uploaded (CatchChat's drafts); `send` checks
   * again when the message goes out.
   */
  async checkSendable(
    caller: UserPrincipal,
    target: Pick<SendMessageDto, 'to_user' | 'to_group' | 'parent_id'>,
  ): Promise<void> {
    const me = caller.userId;
    const dto = target as SendMessageDto;
    if (target.to_group) {
      const found = await this.repository.groupMembership(target.to_group, me);
      const refusal = !found
        ? 'unknown_group'
        : !found.membership?.active
          ? 'not_member'
          : found.status === 'dissolved'
            ? 'dissolved'
            : null;
      if (refusal) throw refusalError(refusal, dto, []);
    } else if (!target.to_user) {
      throw ValidationFailedError.field('to_user', 'message_recipient_required');
    } else {
      await this.checkPrivateRecipient(me, target.to_user, 'to_user');
    }
    if (!target.parent_id) return;
    // The parent must be a message of this very conversation that the sender may see.
    const parent = await this.repository.visibleMessage(target.parent_id, me);
    const sameConversation = target.to_group
      ? parent?.group_id === target.to_group
      : parent?.kind === 'direct' &&
        [parent.user_low, parent.user_high].sort().join() ===
          [me, target.to_user as string].sort().join();
    if (!sameConversation) throw refusalError('unknown_parent', dto, []);
  }

  /** What the send statement stores besides the fields: the snapshot and the event's data. */
  private sendInput(me: string, dto: SendMessageDto, fields: MessageFields): SendInput {
    const messageId = randomUUID();
    const [low, high] = dto.to_group ? [null, null] : [me, dto.to_user as string].sort();
    const draft: MessageRow = {
      id: messageId,
      conversation_id: '',
      seq: 0,
      sender_id: me,
      recipient_id: dto.to_group ? (dto.to_user ?? null) : null,
      message_type: fields.messageType,
      content: fields.content,
      parent_id: fields.parentId ?? null,
      longitude: fields.longitude ?? null,
      latitude: fields.latitude ?? null,
      battery_level: fields.batteryLevel ?? null,
      details: null,
      client_msg_id: fields.clientMsgId ?? null,
      created_at: fields.createdAt,
      kind: dto.to_group ? 'group' : 'direct',
      group_id: dto.to_group ?? null,
      user_low: low,
      user_high: high,
    };
    return {
      senderId: me,
      fields,
      snapshot: lastMessageSnapshot(messageId, fields),
      eventData: toStoredData(this.presenter.storedView(draft, [])) as object,
      draft,
    };
  }

  async broadcast(principal: AuthPrincipal, dto: BroadcastDto): Promise<BroadcastResultDto> {
    let senderId: string;
    if (principal.kind === 'app') {
      if (!principal.isSystemApp || !principal.scopes.has('party_admin')) {
        throw new DomainError(403, 'insufficient_scope', { scope: 'party_admin' });
      }
      if (!dto.sender_id)
        throw ValidationFailedError.field('sender_id', 'broadcast_sender_required');
      if ((await this.users.missingIds([dto.sender_id])).length > 0) {
        throw new UnprocessableReferenceError('unknown_reference', 'sender_id', [dto.sender_id]);
      }
      senderId = dto.sender_id;
    } else {
      if (dto.sender_id)
        throw ValidationFailedError.field('sender_id', 'broadcast_sender_not_allowed');
      senderId = principal.userId;
    }
    if ((dto.user_ids === undefined) === (dto.all_friends !== true)) {
      throw ValidationFailedError.field('user_ids', 'broadcast_recipients_required');
    }
    checkFieldsShape(dto);
    let recipients: string[];
    if (dto.all_friends) {
      recipients = await this.contacts.friendIds(senderId);
    } else {
      const listed = dto.user_ids ?? [];
      const missing = await this.users.missingIds(listed);
      if (missing.length > 0)
        throw new UnprocessableReferenceError('unknown_reference', 'user_ids', missing);
      recipients = listed;
    }
    recipients = [...new Set(recipients)].filter((id) => id !== senderId);
    if (recipients.length > MAX_BROADCAST_RECIPIENTS) {
      throw ValidationFailedError.field('user_ids', 'broadcast_too_many_recipients', {
        max: MAX_BROADCAST_RECIPIENTS,
      });
    }
    await this.checkAttachments(senderId, dto.attachment_ids);
    // Those who blocked the sender are skipped without a word, as a private send would be refused.
    const blockers =
      recipients.length > 0
        ? await this.contacts.usersWhoBlocked(senderId, recipients)
        : new Set<string>();
    recipients = recipients.filter((id) => !blockers.has(id));
    const fields = this.fieldsOf(senderId, dto, null);
    const stored =
      recipients.length === 0
        ? []
        : (
            await this.repository.transaction((manager) =>
              this.storeDirect(manager, recipients, fields),
            )
          ).rows;
    return {
      sender_id: senderId,
      recipient_count: stored.length,
      message_type: fields.messageType,
      content: fields.content,
      created_at: fields.createdAt,
    } as BroadcastResultDto;
  }

  /** A `notification` message from the app itself in a group's conversation (Notify module). */
  /**
   * Posts an app notification into a group's conversation; `record` runs in the same
   * transaction, so the caller's own rows about it commit with the message or not at all.
   */
  async postGroupNotification<T>(
    groupId: string,
    notification: GroupNotification,
    record: (manager: EntityManager, message: { id: string; seq: number }) => Promise<T>,
  ): Promise<{ id: string; seq: number; recorded: T }> {
    const conversation = await this.repository.findGroupConversation(groupId);
    if (!conversation) throw new NotFoundError('group');
    if (conversation.status === 'dissolved') throw new ConflictError('group_dissolved');
    const { stored, recorded } = await this.repository.transaction(async (manager) => {
      const { rows } = await this.storeInGroup(manager, conversation.id, null, {
        senderId: null,
        messageType: 'notification',
        content: notification.content,
        details: { title: notification.title, ...notification.payload },
        createdAt: this.clock.now(),
      });
      return { stored: rows[0], recorded: await record(manager, rows[0]) };
    });
    return { id: stored.id, seq: stored.seq, recorded };
  }

  /**
   * Writes a system message into a group's conversation (inside the caller's transaction).
   * Returns null when the group has no conversation.
   */
  async writeGroupSystemMessage(
    manager: EntityManager,
    conversationId: string,
    type: SystemMessageType,
    actorId: string | null,
    details: Record<string, unknown>,
    content: string | null = null,
  ): Promise<MessageRow> {
    const { rows } = await this.storeInGroup(manager, conversationId, null, {
      senderId: actorId,
      messageType: type,
      content,
      details,
      createdAt: this.clock.now(),
    });
    return rows[0];
  }

  async writeDirectSystemMessage(
    manager: EntityManager,
    fromUserId: string,
    toUserId: string,
    type: SystemMessageType,
    details: Record<string, unknown>,
    content: string | null = null,
  ): Promise<MessageRow> {
    const { rows } = await this.storeDirect(manager, [toUserId], {
      senderId: fromUserId,
      messageType: type,
      content,
      details,
      createdAt: this.clock.now(),
    });
    return rows[0];
  }

  /** Every message is stored through here or `storeInGroup`, with its `message.created` event. */
  private async storeDirect(
    manager: EntityManager,
    peerIds: readonly string[],
    fields: MessageFields,
  ): Promise<StoredMessages> {
    const rows = await this.repository.storeDirect(manager, peerIds, fields);
    return { rows, attachments: await this.recordCreated(manager, rows, fields) };
  }

  private async storeInGroup(
    manager: EntityManager,
    conversationId: string,
    recipientId: string | null,
    fields: MessageFields,
  ): Promise<StoredMessages> {
    const row = await this.repository.storeInGroup(manager, conversationId, recipientId, fields);
    return { rows: [row], attachments: await this.recordCreated(manager, [row], fields) };
  }

  /**
   * One event per message (a group message's is one row whatever the group's size); answers the
   * attachments it read for them.
   */
  private async recordCreated(
    manager: EntityManager,
    rows: MessageRow[],
    fields: MessageFields,
  ): Promise<AttachmentRow[]> {
    const attachments =
      (fields.attachmentIds ?? []).length > 0
        ? await this.repository.attachmentsOf(
            rows.map((row) => row.id),
            manager,
          )
        : [];
    await this.eventLog.append(
      manager,
      rows.map((row) => ({
        type: 'message.created',
        audience: messageAudience(row),
        data: this.presenter.storedView(row, attachments),
      })),
    );
    return attachments;
  }

  // ---------- reading ----------

  /** Resolves `user/{id}` or `group/{id}` for the caller; 404 when he may not see it. */
  async resolvePeer(caller: UserPrincipal, kind: string, peerId: string): Promise<ResolvedPeer> {
    const me = caller.userId;
    if (kind === 'group') {
      const found = await this.repository.groupMembership(peerId, me);
      if (!found?.membership) throw new NotFoundError('group');
      return { kind, peerId, conversationId: found.conversationId, membership: found.membership };
    }
    if (kind !== 'user' || peerId === me || (await this.users.missingIds([peerId])).length > 0) {
      throw new NotFoundError('user');
    }
    const conversationId = await this.repository.findDirectConversationId(me, peerId);
    const membership = conversationId ? await this.repository.membership(conversationId, me) : null;
    return { kind, peerId, conversationId, membership };
  }

  async history(
    caller: UserPrincipal,
    kind: string,
    peerId: string,
    query: HistoryQueryDto,
  ): Promise<HistoryDto> {
    if (kind !== 'user' && kind !== 'group') throw new NotFoundError('user');
    const ascending = query.after_seq !== undefined;
    const found = await this.reads.page(caller.userId, kind, peerId, {
      beforeSeq: query.before_seq,
      afterSeq: query.after_seq,
      limit: query.limit + 1,
    });
    if (found.status !== 'ok') throw new NotFoundError(kind);
    const hasMore = found.rows.length > query.limit;
    const page = found.rows.slice(0, query.limit);
    if (ascending) page.reverse();
    const seqs = page.map((row) => row.seq);
    return {
      data: page.map((row) => this.presenter.view(row, found.attachments, found.people)),
      has_more: hasMore,
      next_before_seq: !ascending && hasMore ? Math.min(...seqs) : null,
      next_after_seq: ascending && hasMore ? Math.max(...seqs) : null,
    };
  }

  async unread(
    caller: UserPrincipal,
    query: { page: number; per_page: number; offset: number },
  ): Promise<Paginated<MessageDto>> {
    const found = await this.reads.unread(caller.userId, query.per_page, query.offset);
    return Paginated.of(
      found.rows.map((row) => this.presenter.view(row, found.attachments, found.people)),
      query,
      found.total,
    );
  }

  async requireVisibleMessage(userId: string, messageId: string) {
    const row = await this.repository.visibleMessage(messageId, userId);
    if (!row) throw new NotFoundError('message');
    return row;
  }

  async getMessage(caller: UserPrincipal, id: string): Promise<MessageDto> {
    const row = await this.requireVisibleMessage(caller.userId, id);
    return this.presenter.presentOne(caller.userId, row);
  }

  async markMessage(
    caller: UserPrincipal,
    id: string,
    cursor: 'read' | 'delivered',
  ): Promise<ReadCursorDto> {
    const row = await this.requireVisibleMessage(caller.userId, id);
    return this.moveCursor(caller.userId, row.conversation_id, cursor, row.seq);
  }

  /**
   * Moves the caller's cursor to `seq` (never backwards). When it moved, his other devices hear
   * `conversation.read` and the other side (the group's members) `message.read` /
   * `message.delivered`, in the same transaction.
   */
  async moveCursor(
    userId: string,
    conversationId: string,
    cursor: 'read' | 'delivered',
    seq: number,
  ): Promise<ReadCursorDto> {
    return this.repository.transaction(async (manager) => {
      const moved = await this.repository.moveCursor(conversationId, userId, cursor, seq, manager);
      const membership = await this.repository.membership(conversationId, userId, manager);
      if (!membership) throw new NotFoundError('conversation');
      const state: ReadCursorDto = {
        conversation_id: conversationId,
        last_read_seq: membership.last_read_seq,
        last_delivered_seq: membership.last_delivered_seq,
        unread_count: await this.repository.unreadCount(conversationId, userId, manager),
      };
      if (moved) await this.eventLog.append(manager, cursorEvents(membership, cursor, seq, state));
      return state;
    });
  }

  async screenshot(caller: UserPrincipal, id: string): Promise<MessageDto> {
    const me = caller.userId;
    const row = await this.requireVisibleMessage(me, id);
    const author = row.sender_id;
    if (!author || author === me) throw new ConflictError('message_screenshot_pointless');
    const fields: MessageFields = {
      senderId: me,
      messageType: 'screenshot',
      content: null,
      details: { message_id: row.id, message_seq: row.seq },
      createdAt: this.clock.now(),
    };
    const sender = await this.presenter.people(me, [me]);
    const stored = await this.repository.transaction((manager) =>
      row.kind === 'direct'
        ? this.storeDirect(manager, [author], fields)
        : this.storeInGroup(manager, row.conversation_id, author, fields),
    );
    return this.presenter.view(stored.rows[0], stored.attachments, sender);
  }

  async receipts(caller: UserPrincipal, id: string): Promise<ReceiptsDto> {
    const row = await this.requireVisibleMessage(caller.userId, id);
    const { read, delivered } = await this.repository.receipts(row);
    const people = await this.presenter.people(caller.userId, delivered);
    const pick = (ids: string[]) =>
      ids.map((userId) => people.get(userId)).filter((person) => person !== undefined);
    return { read_by: pick(read), delivered_to: pick(delivered) };
  }

  async report(caller: UserPrincipal, id: string, reason: string): Promise<MessageReportDto> {
    const row = await this.requireVisibleMessage(caller.userId, id);
    const report = await this.repository.insertReport(row.id, caller.userId, reason);
    if (!report) throw new ConflictError('message_already_reported');
    const event: MessageReportedEvent = {
      reportId: report.id,
      messageId: row.id,
      reporterId: caller.userId,
      reason,
    };
    await this.events.emitAsync(MessageEvents.messageReported, event);
    return {
      id: report.id,
      message_id: row.id,
      reason,
      created_at: report.created_at,
    } as MessageReportDto;
  }

  // ---------- checks ----------

  private fieldsOf(
    senderId: string,
    dto: MessageFieldsDto & { parent_id?: string },
    clientMsgId: string | null,
  ): MessageFields {
    return {
      senderId,
      messageType: dto.message_type,
      content: dto.content ?? null,
      parentId: dto.parent_id ?? null,
      longitude: dto.longitude ?? null,
      latitude: dto.latitude ?? null,
      batteryLevel: dto.battery_level ?? 50,
      attachmentIds: dto.attachment_ids ?? [],
      clientMsgId,
      createdAt: this.clock.now(),
    };
  }

  /** A private message may go to an existing user who has not blocked the sender. */
  /**
   * Who hears that the caller is typing in `user/{id}` or `group/{id}`: the same checks as a
   * send there (a DomainError when he could not send).
   */
  async typingAudience(
    caller: UserPrincipal,
    kind: string,
    peerId: string,
  ): Promise<{ userIds: string[] } | { conversationId: string }> {
    const peer = await this.resolvePeer(caller, kind, peerId);
    if (kind === 'group') {
      if (!peer.membership?.active || !peer.conversationId) throw new NotFoundError('group');
      return { conversationId: peer.conversationId };
    }
    await this.checkPrivateRecipient(caller.userId, peerId, 'conversation');
    return { userIds: [peerId] };
  }

  private async checkPrivateRecipient(me: string, peer: string, field: string): Promise<void> {
    if (peer === me) throw new UnprocessableReferenceError('not_addable', field, [peer]);
    const [missing, blockers] = await Promise.all([
      this.users.missingIds([peer]),
      this.contacts.usersWhoBlocked(me, [peer]),
    ]);
    if (missing.length > 0)
      throw new UnprocessableReferenceError('unknown_reference', field, [peer]);
    if (blockers.has(peer)) throw new UnprocessableReferenceError('not_addable', field, [peer]);
  }

  private async checkAttachments(ownerId: string, ids: string[] | undefined): Promise<void> {
    if (!ids || ids.length === 0) return;
    const owned = await this.repository.ownedFileIds(ownerId, ids);
    const missing = ids.filter((id) => !owned.has(id));
    if (missing.length > 0) {
      throw new UnprocessableReferenceError('unknown_reference', 'attachment_ids', missing);
    }
  }
}

/** The events of a cursor that moved: to the mover's devices, and receipts to the other side. */
function cursorEvents(
  membership: MembershipRow,
  cursor: 'read' | 'delivered',
  seq: number,
  state: ReadCursorDto,
): EventDraft[] {
  const userId = membership.user_id;
  const direct = membership.kind === 'direct';
  const peerId = membership.peer_user_id;
  const mine = direct ? `user/${peerId}` : `group/${membership.group_id}`;
  const receipt: EventDraft = {
    type: cursor === 'read' ? 'message.read' : 'message.delivered',
    audience:
      direct && peerId
        ? { userIds: [peerId] }
        : { conversationId: membership.conversation_id, seq },
    data: {
      conversation: direct ? `user/${userId}` : mine,
      conversation_id: membership.conversation_id,
      user_id: userId,
      user: personRef(userId),
      last_read_seq: state.last_read_seq,
      last_delivered_seq: state.last_delivered_seq,
    },
  };
  if (cursor !== 'read') return [receipt];
  return [
    {
      type: 'conversation.read',
      audience: { userIds: [userId] },
      data: { conversation: mine, ...state },
    },
    receipt,
  ];
}

/** Who may see a message: both sides of a direct or group-private one, else the group's members. */
function messageAudience(row: MessageRow): EventAudience {
  if (row.kind === 'direct') {
    return { userIds: [row.user_low, row.user_high].filter((id): id is string => id !== null) };
  }
  if (row.recipient_id) {
    return { userIds: [row.recipient_id, row.sender_id].filter((id): id is string => id !== null) };
  }
  return { conversationId: row.conversation_id, seq: row.seq };
}

/** The error a refused send answers, naming the field at fault. */
function refusalError(
  refusal: Exclude<SendRefusal, 'duplicate'>,
  dto: SendMessageDto,
  missingAttachments: string[],
): DomainError {
  switch (refusal) {
    case 'unknown_recipient':
      return new UnprocessableReferenceError('unknown_reference', 'to_user', [
        dto.to_user as string,
      ]);
    case 'blocked':
    case 'recipient_not_addable':
      return new UnprocessableReferenceError('not_addable', 'to_user', [dto.to_user as string]);
    case 'unknown_group':
      return new UnprocessableReferenceError('unknown_reference', 'to_group', [
        dto.to_group as string,
      ]);
    case 'not_member':
      return new UnprocessableReferenceError('not_addable', 'to_group', [dto.to_group as string]);
    case 'dissolved':
      return new ConflictError('group_dissolved');
    case 'unknown_parent':
      return new UnprocessableReferenceError('unknown_reference', 'parent_id', [
        dto.parent_id as string,
      ]);
    case 'unknown_attachments':
      return new UnprocessableReferenceError(
        'unknown_reference',
        'attachment_ids',
        missingAttachments,
      );
  }
}

/** Per-type rules the DTO decorators cannot express. */
function checkFieldsShape(dto: MessageFieldsDto): void {
  const type = dto.message_type;
  if (type === 'text' && !dto.content?.trim()) {
    throw ValidationFailedError.field('content', 'message_content_required');
  }
  if (type === 'location' && (dto.longitude === undefined || dto.latitude === undefined)) {
    throw ValidationFailedError.field(
      dto.longitude === undefined ? 'longitude' : 'latitude',
      'isDefined',
    );
  }
  if (['image', 'video', 'audio', 'file'].includes(type) && !dto.attachment_ids?.length) {
    throw ValidationFailedError.field('attachment_ids', 'arrayMinSize', { min: 1 });
  }
}
