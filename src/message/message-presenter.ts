import { Injectable } from '@nestjs/common';
import { ContactService } from '../contact/contact.service';
import { label } from '../common/i18n/label';
import { PersonDto } from '../common/people/person.dto';
import { personRef } from '../events/event-view';
import { AttachmentDto, MessageDto } from './dto/message.dto';
import { AttachmentRow, MessageRow, MessageRepository } from './message.repository';
import './message.messages';

export function fileUrl(id: string): string {
  return `/api/party/files/${id}`;
}

export function toAttachment(row: Omit<AttachmentRow, 'message_id'>): AttachmentDto {
  return {
    id: row.id,
    file_name: row.file_name,
    mime: row.mime,
    kind: row.kind,
    size: Number(row.size),
    sha256: row.sha256,
    url: fileUrl(row.id),
  };
}

/** Turns message rows into what a given viewer sees: people by his names, attachments, labels. */
@Injectable()
export class MessagePresenter {
  constructor(
    private readonly repository: MessageRepository,
    private readonly contacts: ContactService,
  ) {}

  async people(viewerId: string, ids: readonly (string | null)[]): Promise<Map<string, PersonDto>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    return this.contacts.describePeople(viewerId, wanted);
  }

  /** `withAttachments` false skips the attachment lookup when the caller knows there are none. */
  async present(
    viewerId: string,
    rows: MessageRow[],
    withAttachments = true,
  ): Promise<MessageDto[]> {
    const [people, attachments] = await Promise.all([
      this.people(
        viewerId,
        rows.map((row) => row.sender_id),
      ),
      withAttachments ? this.repository.attachmentsOf(rows.map((row) => row.id)) : [],
    ]);
    const byMessage = new Map<string, AttachmentDto[]>();
    for (const attachment of attachments) {
      const list = byMessage.get(attachment.message_id) ?? [];
      list.push(toAttachment(attachment));
      byMessage.set(attachment.message_id, list);
    }
    return rows.map((row) => this.toDto(row, people, byMessage.get(row.id) ?? []));
  }

  async presentOne(viewerId: string, row: MessageRow): Promise<MessageDto> {
    return (await this.present(viewerId, [row]))[0];
  }

  /**
   * The message as its `message.created` event stores it: the sender as a reference (each reader
   * gets his own view of him) and the attachments written with it.
   */
  storedView(row: MessageRow, attachments: AttachmentRow[]): object {
    return { ...this.view(row, attachments, new Map()), sender: personRef(row.sender_id) };
  }

  /** The message from what is already at hand: its attachments among `attachments`, people known. */
  view(row: MessageRow, attachments: AttachmentRow[], people: Map<string, PersonDto>): MessageDto {
    return this.toDto(
      row,
      people,
      attachments.filter((item) => item.message_id === row.id).map(toAttachment),
    );
  }

  private toDto(
    row: MessageRow,
    people: Map<string, PersonDto>,
    attachments: AttachmentDto[],
  ): MessageDto {
    let toUser: string | null = row.recipient_id;
    if (row.kind === 'direct')
      toUser = row.sender_id === row.user_low ? row.user_high : row.user_low;
    const recipientType =
      row.kind === 'direct' ? 'private' : row.recipient_id ? 'group_private' : 'group';
    return {
      id: row.id,
      conversation_id: row.conversation_id,
      seq: row.seq,
      message_type: row.message_type,
      message_type_string: label('message.type.', row.message_type),
      content: row.content,
      sender_id: row.sender_id,
      sender: row.sender_id ? (people.get(row.sender_id) ?? null) : null,
      to_user: toUser,
      to_group: row.group_id,
      recipient_type: recipientType,
      parent_id: row.parent_id,
      longitude: row.longitude,
      latitude: row.latitude,
      battery_level: row.battery_level,
      attachments,
      details: row.details,
      client_msg_id: row.client_msg_id,
      created_at: row.created_at,
    } as MessageDto;
  }
}
