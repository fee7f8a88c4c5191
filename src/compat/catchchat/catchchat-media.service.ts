import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { label } from '../../common/i18n/label';
import { UserPrincipal } from '../../common/http/request-principal';
import { FileService } from '../../message/file.service';
import { MessageService } from '../../message/message.service';
import { CatchChatDraftRepository, MessageDraft } from './catchchat-draft.repository';
import { CatchChatIds } from './catchchat-ids';
import { inCatchChatTerms, SentIds } from './catchchat-send-errors';
import './catchchat.messages';
import {
  CatchChatMessageCreatedDto,
  CatchChatUploadTokenDto,
  CreateCatchChatMessageDto,
} from './dto/catchchat-message.dto';

/** Where a send goes, as the native send names it. */
export type MessageRecipient = { to_user: string } | { to_group: string };

/** CatchChat's `state` of a message created before its file. */
export const DRAFTED_STATE = 1;

/** The header the upload carries its token in (the user's own token authenticates it). */
export const UPLOAD_TOKEN_HEADER = 'x-upload-token';

const MEDIA_TYPES: Record<number, MessageDraft['messageType']> = { 1: 'image', 2: 'video' };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameHash(stored: string | null, presented: string | undefined): boolean {
  if (stored === null || !presented) return false;
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(hashToken(presented), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * CatchChat's image and video messages: created first as drafts (after every recipient check of
 * the native send), then completed by their upload, which stores the file and sends the native
 * message through `MessageService.send` (every rule checked again at that moment).
 */
@Injectable()
export class CatchChatMediaService {
  constructor(
    private readonly messages: MessageService,
    private readonly files: FileService,
    private readonly ids: CatchChatIds,
    private readonly drafts: CatchChatDraftRepository,
  ) {}

  async create(
    caller: UserPrincipal,
    body: CreateCatchChatMessageDto,
    recipient: MessageRecipient,
    parentId: string | undefined,
  ): Promise<CatchChatMessageCreatedDto> {
    const messageType = MEDIA_TYPES[body.media_type as number];
    await this.messages
      .checkSendable(caller, { ...recipient, parent_id: parentId })
      .catch((error: unknown) => {
        throw inCatchChatTerms(error, body);
      });
    const draft = await this.drafts.create({
      senderId: caller.userId,
      toUser: 'to_user' in recipient ? recipient.to_user : null,
      toGroup: 'to_group' in recipient ? recipient.to_group : null,
      messageType,
      content: body.text_content?.trim() ? body.text_content : null,
      parentId: parentId ?? null,
      longitude: body.longitude ?? null,
      latitude: body.latitude ?? null,
      batteryLevel: body.battery_level ?? null,
      uploadKey: randomBytes(16).toString('hex'),
    });
    return {
      id: await this.ids.alias('message', draft.id),
      battery_level: draft.batteryLevel,
      state: DRAFTED_STATE,
      state_string: label('catchchat.message.state.', 'drafted'),
      media_type: messageType,
      media_type_string: label('catchchat.media_type.', messageType),
    };
  }

  /** A new single-use upload token of the caller's draft (replacing any earlier one). */
  async uploadToken(caller: UserPrincipal, rawId: string): Promise<CatchChatUploadTokenDto> {
    const draft = await this.ownDraft(caller, rawId);
    const token = randomBytes(24).toString('base64url');
    await this.drafts.setUploadTokenHash(draft.id, hashToken(token));
    const id = await this.ids.alias('message', draft.id);
    return {
      provider: 'party',
      options: {
        url: `/api/v4/messages/${id}/attachment`,
        method: 'POST',
        field: 'file',
        token,
        key: draft.uploadKey,
      },
    };
  }

  /**
   * Stores the upload and sends the draft's message with it; answers the message's UUID. The
   * draft's id as `client_msg_id` makes the send idempotent: a completion repeated (or racing)
   * answers the message already sent, and a draft whose message went out but which is still
   * there is completed without a second message.
   */
  async complete(
    caller: UserPrincipal,
    rawId: string,
    uploadToken: string | undefined,
    request: FastifyRequest,
  ): Promise<string> {
    const uuid = await this.ids.resolve('message', rawId);
    const draft = await this.drafts.find(uuid);
    if (!draft) return this.completedMessage(caller, uuid);
    if (draft.senderId !== caller.userId) throw new NotFoundError('message');
    if (!sameHash(draft.uploadTokenHash, uploadToken)) {
      throw new DomainError(403, 'catchchat.upload_token_invalid');
    }
    const file = await this.files.uploadFrom(caller.userId, request);
    if (file.kind !== draft.messageType) {
      throw new DomainError(422, 'catchchat.upload_kind_mismatch', {
        expected: draft.messageType,
      });
    }
    const sent = await this.messages
      .send(caller, {
        ...(draft.toGroup ? { to_group: draft.toGroup } : { to_user: draft.toUser as string }),
        message_type: draft.messageType,
        content: draft.content ?? undefined,
        attachment_ids: [file.id],
        parent_id: draft.parentId ?? undefined,
        longitude: draft.longitude ?? undefined,
        latitude: draft.latitude ?? undefined,
        battery_level: draft.batteryLevel ?? undefined,
        client_msg_id: draft.id,
      })
      .catch(async (error: unknown) => {
        throw inCatchChatTerms(error, await this.wireFields(draft));
      });
    await this.drafts.complete(draft.id, sent.message.id);
    return sent.message.id;
  }

  /** A draft already completed: its id names the message, which only its sender re-completes. */
  private async completedMessage(caller: UserPrincipal, uuid: string): Promise<string> {
    const message = await this.messages.getMessage(caller, uuid);
    if (message.sender_id !== caller.userId) throw new NotFoundError('message');
    return message.id;
  }

  /** The draft's recipient and parent as the client named them, for the errors of a send. */
  private async wireFields(draft: MessageDraft): Promise<SentIds> {
    const recipientId = draft.toGroup
      ? await this.ids.alias('group', draft.toGroup)
      : await this.ids.alias('user', draft.toUser as string);
    const parentId = draft.parentId ? await this.ids.alias('message', draft.parentId) : undefined;
    return { recipient_id: String(recipientId), parent_id: parentId?.toString() };
  }

  private async ownDraft(caller: UserPrincipal, rawId: string): Promise<MessageDraft> {
    const draft = await this.drafts.find(await this.ids.resolve('message', rawId));
    if (!draft || draft.senderId !== caller.userId) throw new NotFoundError('message');
    return draft;
  }
}
