import { Injectable } from '@nestjs/common';
import { PersonDto, toPerson } from '../common/people/person.dto';
import { NotFoundError } from '../common/errors/domain-error';
import { UserPrincipal } from '../common/http/request-principal';
import { Paginated, PageQueryDto } from '../common/pagination/pagination';
import { EventLogService } from '../events/event-log.service';
import { Clock } from './clock';
import { ContactListEntryDto } from './dto/contact-list.dto';
import { ReadCursorDto } from './dto/message.dto';
import { ContactListRow, ContactZone, MessageRepository } from './message.repository';
import { MessageService } from './message.service';

/** Strangers stay in the Inbox this long after the last message with them. */
export const STRANGER_INBOX_WINDOW_MS = 36 * 3600 * 1000;

/** A direct conversation's peer as the list's owner names him. */
function peerOf(row: ContactListRow): PersonDto | null {
  if (!row.peer_user_id || row.peer_username === null || row.peer_nickname === null) return null;
  return toPerson(
    {
      id: row.peer_user_id,
      username: row.peer_username,
      nickname: row.peer_nickname,
      avatarUrl: row.peer_avatar_url,
    },
    { remarkedName: row.peer_remarked_name, contactName: row.peer_contact_name },
  );
}

/** The Inbox and Archive zones of the contact list, pins and "clear the red dot". */
@Injectable()
export class ContactListService {
  constructor(
    private readonly repository: MessageRepository,
    private readonly messages: MessageService,
    private readonly clock: Clock,
    private readonly eventLog: EventLogService,
  ) {}

  async list(
    caller: UserPrincipal,
    zone: ContactZone,
    query: PageQueryDto,
  ): Promise<Paginated<ContactListEntryDto>> {
    const rows = await this.repository.contactList(
      caller.userId,
      zone,
      this.cutoff(),
      query.per_page,
      query.offset,
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(caller, zone);
    return Paginated.of(this.entries(rows), query, total);
  }

  private async count(caller: UserPrincipal, zone: ContactZone): Promise<number> {
    const rows = await this.repository.contactList(caller.userId, zone, this.cutoff(), 1, 0);
    return rows.length > 0 ? Number(rows[0].total) : 0;
  }

  /** Marks everything in the conversation with that contact read (never moves backwards). */
  async markRead(caller: UserPrincipal, kind: string, peerId: string): Promise<ReadCursorDto> {
    const peer = await this.messages.resolvePeer(caller, kind, peerId);
    const member = peer.membership;
    if (!peer.conversationId || !member) {
      return { conversation_id: null, last_read_seq: 0, last_delivered_seq: 0, unread_count: 0 };
    }
    const upTo = Math.min(member.last_seq, member.left_seq ?? member.last_seq);
    return this.messages.moveCursor(caller.userId, peer.conversationId, 'read', upTo);
  }

  async pin(
    caller: UserPrincipal,
    kind: string,
    peerId: string,
    pinned: boolean,
  ): Promise<ContactListEntryDto> {
    const peer = await this.messages.resolvePeer(caller, kind, peerId);
    if (peer.kind === 'group' && !peer.membership?.active) throw new NotFoundError('group');
    // The pin and its event for the caller's other devices, in one transaction.
    const conversationId = await this.repository.transaction(async (manager) => {
      const id =
        peer.conversationId ??
        (await this.repository.ensureDirectConversation(manager, caller.userId, peerId));
      await this.repository.setPinned(id, caller.userId, pinned ? this.clock.now() : null, manager);
      await this.eventLog.append(manager, [
        {
          type: 'contact_list.updated',
          audience: { userIds: [caller.userId] },
          data: { type: peer.kind, id: peerId, pinned },
        },
      ]);
      return id;
    });
    const rows = await this.repository.contactList(
      caller.userId,
      'archive',
      this.cutoff(),
      1,
      0,
      conversationId,
    );
    return this.entries(rows)[0];
  }

  private cutoff(): Date {
    return new Date(this.clock.now().getTime() - STRANGER_INBOX_WINDOW_MS);
  }

  private entries(rows: ContactListRow[]): ContactListEntryDto[] {
    return rows.map((row) => {
      const last =
        row.last_message && row.last_message.seq > row.joined_seq ? row.last_message : null;
      const person = peerOf(row);
      return {
        type: row.kind === 'direct' ? 'user' : 'group',
        id: (row.kind === 'direct' ? row.peer_user_id : row.group_id) as string,
        name: row.kind === 'direct' ? (person?.name ?? '') : (row.name ?? ''),
        avatar_url: person?.avatar_url ?? null,
        unread_count: row.unread_count,
        last_message: last ? { ...last, created_at: new Date(last.created_at) } : null,
        last_contacted_at: row.last_message_at,
        pinned: row.pinned_at !== null,
      } as ContactListEntryDto;
    });
  }
}
