import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LastMessageSnapshot } from './entities/conversation.entity';
import { updateReturning } from '../common/sql/update-returning';
import { USER_SQL } from '../auth/user.sql';
import { CONTACT_SQL } from '../contact/contact.sql';
import { prepared, PreparedStatements } from '../database/prepared-statements';

/** A message row joined with what its conversation says about it. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string | null;
  recipient_id: string | null;
  message_type: string;
  content: string | null;
  parent_id: string | null;
  longitude: number | null;
  latitude: number | null;
  battery_level: number | null;
  details: Record<string, unknown> | null;
  client_msg_id: string | null;
  created_at: Date;
  kind: 'direct' | 'group';
  group_id: string | null;
  user_low: string | null;
  user_high: string | null;
}

export interface MembershipRow {
  conversation_id: string;
  user_id: string;
  kind: 'direct' | 'group';
  group_id: string | null;
  status: 'active' | 'dissolved';
  last_seq: number;
  joined_seq: number;
  left_seq: number | null;
  active: boolean;
  muted: boolean;
  last_read_seq: number;
  last_delivered_seq: number;
  peer_user_id: string | null;
}

export interface ContactListRow {
  conversation_id: string;
  kind: 'direct' | 'group';
  group_id: string | null;
  peer_user_id: string | null;
  name: string | null;
  status: 'active' | 'dissolved';
  joined_seq: number;
  last_message: LastMessageSnapshot | null;
  last_message_at: Date | null;
  pinned_at: Date | null;
  unread_count: number;
  total: string;
  peer_username: string | null;
  peer_nickname: string | null;
  peer_avatar_url: string | null;
  peer_remarked_name: string | null;
  peer_contact_name: string | null;
}

/** The fields a stored message carries, whoever writes it. */
export interface MessageFields {
  senderId: string | null;
  messageType: string;
  content: string | null;
  parentId?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  batteryLevel?: number | null;
  details?: Record<string, unknown> | null;
  clientMsgId?: string | null;
  attachmentIds?: readonly string[];
  createdAt: Date;
}

/** Where one stored message goes: its id, conversation, seq and (group-private) recipient. */
interface MessageTarget {
  id: string;
  conversationId: string;
  seq: number;
  recipientId: string | null;
  conversation: Pick<MessageRow, 'kind' | 'group_id' | 'user_low' | 'user_high'>;
}

export interface AttachmentRow {
  message_id: string;
  id: string;
  file_name: string | null;
  mime: string;
  kind: string;
  size: string;
  sha256: string;
}

const MESSAGE_COLUMNS = `msg.id, msg.conversation_id, msg.seq, msg.sender_id, msg.recipient_id,
  msg.message_type, msg.content, msg.parent_id, msg.longitude, msg.latitude, msg.battery_level,
  msg.details, msg.client_msg_id, msg.created_at, c.kind, c.group_id, c.user_low, c.user_high`;

/** Member `m` may see message `msg`: inside his window, and not group-private to someone else. */
export const VISIBLE_TO_MEMBER = `msg.seq > m.joined_seq
  AND (m.left_seq IS NULL OR msg.seq <= m.left_seq)
  AND (msg.recipient_id IS NULL OR msg.recipient_id = m.user_id OR msg.sender_id = m.user_id)`;

/**
 * Unread messages of member `m` in conversation `c`: the cursor distance inside his window,
 * less the group-private messages between others in that range (an indexed count over the
 * small unread range). His own messages never count: sending moves his read cursor.
 * A muted (blocked) group reports 0.
 */
export const UNREAD_EXPR = `CASE WHEN m.muted THEN 0 ELSE
  GREATEST(0, LEAST(c.last_seq, COALESCE(m.left_seq, c.last_seq)) - GREATEST(m.last_read_seq, m.joined_seq))
  - CASE WHEN c.kind = 'group'
      AND LEAST(c.last_seq, COALESCE(m.left_seq, c.last_seq)) > GREATEST(m.last_read_seq, m.joined_seq)
    THEN (SELECT count(*)::int FROM messages x
      WHERE x.conversation_id = c.id AND x.recipient_id IS NOT NULL
        AND x.seq > GREATEST(m.last_read_seq, m.joined_seq)
        AND x.seq <= LEAST(c.last_seq, COALESCE(m.left_seq, c.last_seq))
        AND x.recipient_id <> m.user_id AND x.sender_id IS DISTINCT FROM m.user_id)
    ELSE 0 END
END`;

/**
 * The last message a member may see in a conversation (`m`, `c`): the conversation's, or the
 * later group-private one he sent or received, which only his membership records.
 */
const LAST_MESSAGE_EXPR = `CASE
  WHEN (m.last_private_message->>'seq')::int > COALESCE((c.last_message->>'seq')::int, 0)
  THEN m.last_private_message ELSE c.last_message END`;

/** When that member's conversation last had a message he may see (the contact list's order). */
export const LAST_ACTIVITY_EXPR = `GREATEST(c.last_message_at,
  (m.last_private_message->>'created_at')::timestamptz)`;

export type ContactZone = 'inbox' | 'archive';

/** The sender already used this client_msg_id; thrown inside the send's transaction. */
export class DuplicateClientMessageError extends Error {
  constructor() {
    super('client_msg_id already used by this sender');
  }
}

/** A conversation's `last_message` for a message of these fields (its seq added when known). */
export function lastMessageSnapshot(
  id: string,
  fields: MessageFields,
  seq = 0,
): LastMessageSnapshot {
  return {
    id,
    seq,
    message_type: fields.messageType,
    content: fields.content,
    sender_id: fields.senderId,
    created_at: fields.createdAt.toISOString(),
  };
}

/** The SQL of conversations, memberships, cursors and messages. */
// Archive: every direct conversation with a friend, or holding a message, or that he pinned
// (pinning a stranger creates the pair's conversation, which must not surface on the other
// side), and every group he is still in; a conversation asked for by id is always returned.
// Inbox narrows it to friends, strangers contacted since the cutoff, and active groups he has
// not blocked. The page is chosen first; unread counts (a subquery for groups) and the peer as
// the owner names him are then computed for its entries only, so a long list costs its sort,
// not an unread count per conversation.
const CONTACT_LIST_ORDER = `m.pinned_at DESC NULLS LAST, ${LAST_ACTIVITY_EXPR} DESC NULLS LAST, c.id`;

/** `$1` owner, `$2` stranger cutoff, `$3` limit, `$4` offset, `$5` one conversation, `$6` inbox. */
const CONTACT_LIST = prepared(
  'party_contact_list',
  `WITH page AS (
     SELECT m.conversation_id, count(*) OVER () AS total
     FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.user_id = $1
       AND (CASE c.kind WHEN 'group' THEN m.active
               ELSE $5::uuid IS NOT NULL OR m.is_friend OR c.last_seq > 0
                    OR m.pinned_at IS NOT NULL END)
       AND (NOT $6::boolean
         OR (c.kind = 'direct' AND (m.is_friend OR c.last_message_at >= $2::timestamptz))
         OR (c.kind = 'group' AND NOT m.muted AND c.status = 'active'))
       AND ($5::uuid IS NULL OR c.id = $5)
     ORDER BY ${CONTACT_LIST_ORDER}
     LIMIT $3 OFFSET $4
   )
   SELECT c.id AS conversation_id, c.kind, c.group_id, m.peer_user_id, c.name, c.status,
          m.joined_seq, ${LAST_MESSAGE_EXPR} AS last_message,
          ${LAST_ACTIVITY_EXPR} AS last_message_at, m.pinned_at,
          (${UNREAD_EXPR})::int AS unread_count, page.total,
          peer.username AS peer_username, peer.nickname AS peer_nickname,
          peer.avatar_url AS peer_avatar_url, names.remarked_name AS peer_remarked_name,
          names.contact_name AS peer_contact_name
   FROM page
   JOIN conversation_members m ON m.conversation_id = page.conversation_id AND m.user_id = $1
   JOIN conversations c ON c.id = page.conversation_id
   LEFT JOIN LATERAL (${USER_SQL.profile('m.peer_user_id')}) peer ON true
   LEFT JOIN LATERAL (${CONTACT_SQL.namesGiven('$1', 'm.peer_user_id')}) names ON true
   ORDER BY ${CONTACT_LIST_ORDER}`,
);

@Injectable()
export class MessageRepository {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly statements: PreparedStatements,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---------- conversations and memberships ----------

  async findDirectConversationId(a: string, b: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM conversations WHERE user_low = LEAST($1::uuid, $2::uuid)
       AND user_high = GREATEST($1::uuid, $2::uuid)`,
      [a, b],
    );
    return rows[0]?.id ?? null;
  }

  async findGroupConversation(
    groupId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<{ id: string; status: string; last_seq: number; name: string | null } | null> {
    const rows: { id: string; status: string; last_seq: number; name: string | null }[] =
      await manager.query(
        'SELECT id, status, last_seq, name FROM conversations WHERE group_id = $1',
        [groupId],
      );
    return rows[0] ?? null;
  }

  /** A group's conversation and the user's membership of it, in one query. */
  async groupMembership(
    groupId: string,
    userId: string,
  ): Promise<{ conversationId: string; status: string; membership: MembershipRow | null } | null> {
    const rows: (MembershipRow & { id: string; has_member: boolean })[] =
      await this.dataSource.query(
        `SELECT c.id, c.id AS conversation_id, m.user_id, c.kind, c.group_id, c.status, c.last_seq,
              m.joined_seq, m.left_seq, m.active, m.muted, m.last_read_seq, m.last_delivered_seq,
              m.peer_user_id, m.user_id IS NOT NULL AS has_member
       FROM conversations c
       LEFT JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2
       WHERE c.group_id = $1`,
        [groupId, userId],
      );
    const row = rows[0];
    if (!row) return null;
    const { id, has_member: hasMember, ...membership } = row;
    return { conversationId: id, status: row.status, membership: hasMember ? membership : null };
  }

  /** Creates the direct conversation of a pair (and both member rows) if missing. */
  async ensureDirectConversation(manager: EntityManager, a: string, b: string): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO conversations (kind, user_low, user_high)
       VALUES ('direct', LEAST($1::uuid, $2::uuid), GREATEST($1::uuid, $2::uuid))
       ON CONFLICT (user_low, user_high) DO UPDATE SET kind = conversations.kind
       RETURNING id`,
      [a, b],
    );
    const id = rows[0].id;
    await manager.query(
      `INSERT INTO conversation_members (conversation_id, user_id, peer_user_id)
       VALUES ($1, $2, $3), ($1, $3, $2) ON CONFLICT DO NOTHING`,
      [id, a, b],
    );
    return id;
  }

  async ensureGroupConversation(
    manager: EntityManager,
    groupId: string,
    name: string | null,
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO conversations (kind, group_id, name) VALUES ('group', $1, $2)
       ON CONFLICT (group_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, conversations.name)
       RETURNING id`,
      [groupId, name],
    );
    return rows[0].id;
  }

  async membership(
    conversationId: string,
    userId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<MembershipRow | null> {
    const rows: MembershipRow[] = await manager.query(
      `SELECT m.conversation_id, m.user_id, c.kind, c.group_id, c.status, c.last_seq, m.joined_seq,
              m.left_seq, m.active, m.muted, m.last_read_seq, m.last_delivered_seq, m.peer_user_id
       FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.conversation_id = $1 AND m.user_id = $2`,
      [conversationId, userId],
    );
    return rows[0] ?? null;
  }

  /**
   * (Re)admits users to a group conversation: they see what is written from now on. A former
   * member comes back unmuted, as the group module readmits him unblocked.
   */
  async admitGroupMembers(
    manager: EntityManager,
    conversationId: string,
    userIds: readonly string[],
    fromStart: boolean,
  ): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(
      `INSERT INTO conversation_members
         (conversation_id, user_id, joined_seq, last_read_seq, last_delivered_seq)
       SELECT $1, u, s, s, s FROM unnest($2::uuid[]) AS u,
         (SELECT CASE WHEN $3::boolean THEN 0 ELSE last_seq END AS s FROM conversations WHERE id = $1) AS cs
       ON CONFLICT (conversation_id, user_id) DO UPDATE SET
         active = true, muted = false, left_seq = NULL, joined_seq = EXCLUDED.joined_seq,
         last_read_seq = GREATEST(conversation_members.last_read_seq, EXCLUDED.last_read_seq),
         last_delivered_seq = GREATEST(conversation_members.last_delivered_seq, EXCLUDED.last_delivered_seq)
       WHERE NOT conversation_members.active`,
      [conversationId, [...new Set(userIds)], fromStart],
    );
  }

  async dismissGroupMember(
    manager: EntityManager,
    conversationId: string,
    userId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE conversation_members m SET active = false, left_seq = c.last_seq
       FROM conversations c
       WHERE c.id = m.conversation_id AND m.conversation_id = $1 AND m.user_id = $2 AND m.active`,
      [conversationId, userId],
    );
  }

  async setGroupStatus(manager: EntityManager, groupId: string, status: string): Promise<void> {
    await manager.query('UPDATE conversations SET status = $2 WHERE group_id = $1', [
      groupId,
      status,
    ]);
  }

  async renameGroup(manager: EntityManager, groupId: string, name: string): Promise<void> {
    await manager.query('UPDATE conversations SET name = $2 WHERE group_id = $1', [groupId, name]);
  }

  async setMuted(
    manager: EntityManager,
    groupId: string,
    userId: string,
    muted: boolean,
  ): Promise<void> {
    await manager.query(
      `UPDATE conversation_members m SET muted = $3 FROM conversations c
       WHERE c.id = m.conversation_id AND c.group_id = $1 AND m.user_id = $2`,
      [groupId, userId, muted],
    );
  }

  async setFriendship(manager: EntityManager, a: string, b: string, friends: boolean) {
    await manager.query(
      `UPDATE conversation_members m SET is_friend = $3 FROM conversations c
       WHERE c.id = m.conversation_id AND c.user_low = LEAST($1::uuid, $2::uuid)
         AND c.user_high = GREATEST($1::uuid, $2::uuid)`,
      [a, b, friends],
    );
  }

  async activeMemberIds(conversationId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT user_id FROM conversation_members
       WHERE conversation_id = $1 AND user_id = ANY($2::uuid[]) AND active`,
      [conversationId, [...userIds]],
    );
    return new Set(rows.map((row) => row.user_id));
  }

  async setPinned(
    conversationId: string,
    userId: string,
    at: Date | null,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<void> {
    await manager.query(
      `UPDATE conversation_members SET pinned_at = $3 WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId, at],
    );
  }

  // ---------- storing messages ----------

  /**
   * Stores one message per peer in the sender's direct conversation with each peer (created
   * when missing), set-based: a constant number of statements whatever the number of peers.
   * Throws `DuplicateClientMessageError` when `clientMsgId` was already used by the sender: the
   * caller's transaction then rolls back, seq bump included.
   */
  async storeDirect(
    manager: EntityManager,
    peerIds: readonly string[],
    fields: MessageFields,
  ): Promise<MessageRow[]> {
    const senderId = fields.senderId;
    if (!senderId) throw new Error('A direct message needs a sender');
    const peers = [...new Set(peerIds)].sort();
    const messageIds = peers.map(() => randomUUID());
    const template = lastMessageSnapshot('', fields, 1);
    const conversations: {
      id: string;
      last_seq: number;
      user_low: string;
      user_high: string;
      created: boolean;
      message_id: string;
    }[] = await manager.query(
      `INSERT INTO conversations (kind, user_low, user_high, last_seq, last_message, last_message_at)
       SELECT 'direct', LEAST($1::uuid, t.peer), GREATEST($1::uuid, t.peer), 1,
              $3::jsonb || jsonb_build_object('id', t.mid), $4
       FROM unnest($2::uuid[], $5::uuid[]) AS t(peer, mid)
       ON CONFLICT (user_low, user_high) DO UPDATE SET
         last_seq = conversations.last_seq + 1,
         last_message = EXCLUDED.last_message || jsonb_build_object('seq', conversations.last_seq + 1),
         last_message_at = EXCLUDED.last_message_at
       RETURNING id, last_seq, user_low, user_high, (xmax = 0) AS created,
                 last_message->>'id' AS message_id`,
      [senderId, peers, JSON.stringify(template), fields.createdAt, messageIds],
    );
    const created = conversations.filter((row) => row.created);
    if (created.length > 0) {
      await manager.query(
        `INSERT INTO conversation_members (conversation_id, user_id, peer_user_id)
         SELECT c, u, p FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS t(c, u, p)
         ON CONFLICT DO NOTHING`,
        [
          [...created.map((row) => row.id), ...created.map((row) => row.id)],
          [...created.map((row) => row.user_low), ...created.map((row) => row.user_high)],
          [...created.map((row) => row.user_high), ...created.map((row) => row.user_low)],
        ],
      );
    }
    return this.insertMessages(
      manager,
      conversations.map((row) => ({
        id: row.message_id,
        conversationId: row.id,
        seq: row.last_seq,
        recipientId: null,
        conversation: {
          kind: 'direct',
          group_id: null,
          user_low: row.user_low,
          user_high: row.user_high,
        },
      })),
      fields,
    );
  }

  /**
   * Stores a message in a group conversation: bumps `last_seq` and the denormalized last message
   * (a group-private one only on the memberships of its sender and its target, the two who may
   * see it) and inserts the row, whatever the group's size.
   */
  async storeInGroup(
    manager: EntityManager,
    conversationId: string,
    recipientId: string | null,
    fields: MessageFields,
  ): Promise<MessageRow> {
    const id = randomUUID();
    const rows: { last_seq: number; group_id: string | null }[] = await manager.query(
      `WITH bumped AS (
         UPDATE conversations SET last_seq = last_seq + 1,
           last_message = CASE WHEN $2::uuid IS NOT NULL THEN last_message
             ELSE $3::jsonb || jsonb_build_object('seq', last_seq + 1) END,
           last_message_at = CASE WHEN $2::uuid IS NOT NULL THEN last_message_at ELSE $4 END
         WHERE id = $1 RETURNING last_seq, group_id
       ), private_last AS (
         UPDATE conversation_members m
            SET last_private_message = $3::jsonb || jsonb_build_object('seq', bumped.last_seq)
           FROM bumped
          WHERE $2::uuid IS NOT NULL AND m.conversation_id = $1 AND m.user_id IN ($2, $5)
       )
       SELECT last_seq, group_id FROM bumped`,
      [
        conversationId,
        recipientId,
        JSON.stringify(lastMessageSnapshot(id, fields)),
        fields.createdAt,
        fields.senderId,
      ],
    );
    const stored = await this.insertMessages(
      manager,
      [
        {
          id,
          conversationId,
          seq: rows[0].last_seq,
          recipientId,
          conversation: {
            kind: 'group',
            group_id: rows[0].group_id,
            user_low: null,
            user_high: null,
          },
        },
      ],
      fields,
    );
    return stored[0];
  }

  private async insertMessages(
    manager: EntityManager,
    targets: MessageTarget[],
    fields: MessageFields,
  ): Promise<MessageRow[]> {
    if (targets.length === 0) return [];
    // Sending is reading: the same statement moves the sender's cursors past his own message.
    const inserted: Omit<MessageRow, 'kind' | 'group_id' | 'user_low' | 'user_high'>[] =
      await manager.query(
        `WITH inserted AS (
           INSERT INTO messages (id, conversation_id, seq, recipient_id, sender_id, message_type,
             content, parent_id, longitude, latitude, battery_level, details, client_msg_id,
             created_at)
           SELECT t.id, t.c, t.s, t.r, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
           FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[]) AS t(id, c, s, r)
           ON CONFLICT (sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL DO NOTHING
           RETURNING id, conversation_id, seq, sender_id, recipient_id, message_type, content,
             parent_id, longitude, latitude, battery_level, details, client_msg_id, created_at
         ), sender_read AS (
           UPDATE conversation_members m SET
             last_read_seq = GREATEST(m.last_read_seq, i.seq),
             last_delivered_seq = GREATEST(m.last_delivered_seq, i.seq)
           FROM inserted i
           WHERE m.conversation_id = i.conversation_id AND m.user_id = i.sender_id
         )
         SELECT * FROM inserted`,
        [
          targets.map((t) => t.id),
          targets.map((t) => t.conversationId),
          targets.map((t) => t.seq),
          targets.map((t) => t.recipientId),
          fields.senderId,
          fields.messageType,
          fields.content,
          fields.parentId ?? null,
          fields.longitude ?? null,
          fields.latitude ?? null,
          fields.batteryLevel ?? null,
          fields.details ? JSON.stringify(fields.details) : null,
          fields.clientMsgId ?? null,
          fields.createdAt,
        ],
      );
    if (inserted.length < targets.length) throw new DuplicateClientMessageError();
    const files = fields.attachmentIds ?? [];
    if (files.length > 0) {
      await manager.query(
        `INSERT INTO message_attachments (message_id, file_id, position)
         SELECT m.id, f.id, f.ord - 1 FROM unnest($1::uuid[]) AS m(id),
           unnest($2::uuid[]) WITH ORDINALITY AS f(id, ord)`,
        [targets.map((t) => t.id), [...files]],
      );
    }
    const conversations = new Map(targets.map((t) => [t.conversationId, t.conversation]));
    return inserted.map((row) => ({ ...row, ...conversations.get(row.conversation_id)! }));
  }

  // ---------- reading messages ----------

  async messagesByIds(
    ids: readonly string[],
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages msg JOIN conversations c ON c.id = msg.conversation_id
       WHERE msg.id = ANY($1::uuid[]) ORDER BY msg.seq DESC`,
      [[...ids]],
    );
  }

  async messageBySenderClientId(senderId: string, clientMsgId: string): Promise<MessageRow | null> {
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages msg JOIN conversations c ON c.id = msg.conversation_id
       WHERE msg.sender_id = $1 AND msg.client_msg_id = $2`,
      [senderId, clientMsgId],
    );
    return rows[0] ?? null;
  }

  /** The message, if `userId` may see it (with his membership of its conversation). */
  async visibleMessage(
    messageId: string,
    userId: string,
  ): Promise<(MessageRow & { member_active: boolean }) | null> {
    const rows: (MessageRow & { member_active: boolean })[] = await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS}, m.active AS member_active
       FROM messages msg
       JOIN conversations c ON c.id = msg.conversation_id
       JOIN conversation_members m ON m.conversation_id = msg.conversation_id AND m.user_id = $2
       WHERE msg.id = $1 AND ${VISIBLE_TO_MEMBER}`,
      [messageId, userId],
    );
    return rows[0] ?? null;
  }

  async attachmentsOf(
    messageIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AttachmentRow[]> {
    if (messageIds.length === 0) return [];
    return manager.query(
      `SELECT a.message_id, f.id, f.file_name, f.mime, f.kind, f.size, f.sha256
       FROM message_attachments a JOIN message_files f ON f.id = a.file_id
       WHERE a.message_id = ANY($1::uuid[]) ORDER BY a.message_id, a.position`,
      [[...messageIds]],
    );
  }

  // ---------- cursors ----------

  /**
   * Moves a member's cursor forward to `seq` (never backwards; reading implies delivery).
   * Returns the new cursors, or null when nothing moved.
   */
  async moveCursor(
    conversationId: string,
    userId: string,
    cursor: 'read' | 'delivered',
    seq: number,
    manager: EntityManager,
  ): Promise<{ last_read_seq: number; last_delivered_seq: number } | null> {
    const readSeq = cursor === 'read' ? seq : 0;
    const rows = await updateReturning<{ last_read_seq: number; last_delivered_seq: number }>(
      manager,
      `UPDATE conversation_members SET
         last_read_seq = GREATEST(last_read_seq, $3),
         last_delivered_seq = GREATEST(last_delivered_seq, $4)
       WHERE conversation_id = $1 AND user_id = $2
         AND (last_read_seq < $3 OR last_delivered_seq < $4)
       RETURNING last_read_seq, last_delivered_seq`,
      [conversationId, userId, readSeq, seq],
    );
    return rows[0] ?? null;
  }

  async unreadCount(
    conversationId: string,
    userId: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<number> {
    const rows: { n: number }[] = await manager.query(
      `SELECT (${UNREAD_EXPR})::int AS n
       FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.conversation_id = $1 AND m.user_id = $2`,
      [conversationId, userId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Members other than the sender who may see `message`, with their cursors past it. */
  async receipts(message: MessageRow): Promise<{ read: string[]; delivered: string[] }> {
    const rows: { user_id: string; is_read: boolean; is_delivered: boolean }[] =
      await this.dataSource.query(
        `SELECT m.user_id, m.last_read_seq >= msg.seq AS is_read,
                m.last_delivered_seq >= msg.seq AS is_delivered
         FROM messages msg JOIN conversation_members m ON m.conversation_id = msg.conversation_id
         WHERE msg.id = $1 AND m.user_id IS DISTINCT FROM msg.sender_id
           AND ${VISIBLE_TO_MEMBER} AND m.last_delivered_seq >= msg.seq
         ORDER BY m.user_id`,
        [message.id],
      );
    return {
      read: rows.filter((row) => row.is_read).map((row) => row.user_id),
      delivered: rows.filter((row) => row.is_delivered).map((row) => row.user_id),
    };
  }

  // ---------- contact list ----------

  async contactList(
    userId: string,
    zone: ContactZone,
    cutoff: Date,
    limit: number,
    offset: number,
    conversationId: string | null = null,
  ): Promise<ContactListRow[]> {
    return this.statements.query<ContactListRow>(CONTACT_LIST, [
      userId,
      cutoff,
      limit,
      offset,
      conversationId,
      zone === 'inbox',
    ]);
  }

  // ---------- reports, files, merged histories ----------

  async insertReport(
    messageId: string,
    reporterId: string,
    reason: string,
  ): Promise<{ id: string; created_at: Date } | null> {
    const rows: { id: string; created_at: Date }[] = await this.dataSource.query(
      `INSERT INTO message_reports (message_id, reporter_id, reason) VALUES ($1, $2, $3)
       ON CONFLICT (message_id, reporter_id) DO NOTHING RETURNING id, created_at`,
      [messageId, reporterId, reason],
    );
    return rows[0] ?? null;
  }

  async ownedFileIds(ownerId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM message_files WHERE owner_id = $1 AND id = ANY($2::uuid[])',
      [ownerId, [...ids]],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Whether `userId` may see some message that carries the file (or uploaded it). */
  async mayReadFile(fileId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM message_files f WHERE f.id = $1 AND f.owner_id = $2
       UNION ALL
       SELECT 1 FROM message_attachments a
       JOIN messages msg ON msg.id = a.message_id
       JOIN conversation_members m ON m.conversation_id = msg.conversation_id AND m.user_id = $2
       WHERE a.file_id = $1 AND ${VISIBLE_TO_MEMBER}
       LIMIT 1`,
      [fileId, userId],
    );
    return rows.length > 0;
  }
}
