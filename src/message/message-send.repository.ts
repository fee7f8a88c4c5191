import { Injectable } from '@nestjs/common';
import { USER_SQL } from '../auth/user.sql';
import { PublicProfile } from '../common/people/person.dto';
import { CONTACT_SQL } from '../contact/contact.sql';
import { prepared, PreparedStatements } from '../database/prepared-statements';
import { AttachmentRow, MessageFields, MessageRow, VISIBLE_TO_MEMBER } from './message.repository';

/** What refused a send, found by the statement that would have stored it. */
export type SendRefusal =
  | 'duplicate'
  | 'unknown_recipient'
  | 'blocked'
  | 'unknown_group'
  | 'not_member'
  | 'dissolved'
  | 'recipient_not_addable'
  | 'unknown_parent'
  | 'unknown_attachments';

export type SendOutcome =
  | {
      status: 'ok';
      row: MessageRow;
      attachments: AttachmentRow[];
      sender: PublicProfile;
    }
  | { status: SendRefusal; missingAttachments: string[] };

/** The stored `message.created` data of the message, but for what only the statement knows. */
export interface SendInput {
  senderId: string;
  messageId: string;
  fields: MessageFields;
  /** The conversation's `last_message` snapshot, less its seq. */
  snapshot: object;
  /** The event's data, less `conversation_id`, `seq` and `attachments`. */
  eventData: object;
  fileUrlPrefix: string;
}

/**
 * The message's own columns and checks, shared by both sends. `$1` sender, `$3` message id,
 * `$4`-`$11` its fields, `$12` attachment ids, `conv` the conversation CTE (`id`).
 */
const COMMON_CHECKS = `
  sender AS (${USER_SQL.profile('$1')}),
  duplicate AS (
    SELECT 1 FROM messages WHERE sender_id = $1 AND client_msg_id = $10 AND $10::text IS NOT NULL
  ),
  parent AS (
    SELECT 1 FROM messages msg
    JOIN conv ON conv.id = msg.conversation_id
    JOIN conversation_members m ON m.conversation_id = msg.conversation_id AND m.user_id = $1
    WHERE msg.id = $6 AND ${VISIBLE_TO_MEMBER}
  ),
  files AS (
    SELECT f.id, f.file_name, f.mime, f.kind, f.size, f.sha256, u.ord
    FROM unnest($12::uuid[]) WITH ORDINALITY AS u(id, ord)
    JOIN message_files f ON f.id = u.id AND f.owner_id = $1
  )`;

/** A repeated `client_msg_id` answers the original, whatever else changed since. */
const FIRST_VERDICT = `WHEN EXISTS (SELECT 1 FROM duplicate) THEN 'duplicate'`;

/** The checks every send ends with, after its own (`$6` parent, `$12` files). */
const COMMON_VERDICTS = `
    WHEN $6::uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parent) THEN 'unknown_parent'
    WHEN (SELECT count(*) FROM files) < cardinality($12::uuid[]) THEN 'unknown_attachments'
    ELSE 'ok'`;

/** The message row, its attachments and its event, once `stored` (`id`, `seq`) exists. */
const COMMON_WRITES = `
  inserted AS (
    INSERT INTO messages (id, conversation_id, seq, recipient_id, sender_id, message_type, content,
      parent_id, longitude, latitude, battery_level, client_msg_id, created_at)
    SELECT $3, stored.id, stored.seq, $16, $1, $4, $5, $6, $7, $8, $9, $10, $11 FROM stored
    RETURNING id
  ),
  attached AS (
    INSERT INTO message_attachments (message_id, file_id, position)
    SELECT $3, files.id, files.ord - 1 FROM files, inserted
  ),
  file_views AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'file_name', file_name, 'mime', mime,
             'kind', kind, 'size', size, 'sha256', sha256, 'url', $15::text || id::text) ORDER BY ord),
           '[]'::jsonb) AS views,
           coalesce(json_agg(json_build_object('message_id', $3, 'id', id, 'file_name', file_name,
             'mime', mime, 'kind', kind, 'size', size::text, 'sha256', sha256) ORDER BY ord),
           '[]'::json) AS rows
    FROM files
  ),
  event AS (
    INSERT INTO event_log (id, type, conversation_id, seq, data)
    SELECT nextval('event_log_id_seq'), 'message.created', stored.event_conversation,
           stored.event_seq,
           $14::jsonb || jsonb_build_object('conversation_id', stored.id, 'seq', stored.seq,
             'attachments', (SELECT views FROM file_views))
    FROM stored
    RETURNING id, xid
  ),
  event_readers AS (
    INSERT INTO event_recipients (user_id, xid, event_id)
    SELECT reader, event.xid, event.id FROM event, stored, unnest(stored.readers) AS reader
  )`;

/** What both sends answer: the verdict, and for a stored message what the answer needs. */
const COMMON_ANSWER = `
  SELECT verdict.status, stored.id AS conversation_id, stored.seq, stored.group_id,
         stored.user_low, stored.user_high,
         sender.username, sender.nickname, sender.avatar_url,
         (SELECT rows FROM file_views) AS files,
         ARRAY(SELECT u.id FROM unnest($12::uuid[]) AS u(id)
               WHERE u.id NOT IN (SELECT id FROM files)) AS missing_files
  FROM verdict LEFT JOIN stored ON true LEFT JOIN sender ON true`;

/**
 * A private message, its checks and all its writes in one statement (one implicit transaction):
 * the recipient exists and has not blocked the sender, the parent and files are the sender's to
 * use, the `client_msg_id` is new; then the pair's conversation (created on the first message,
 * with both memberships), the sender's cursors, the friendships' order, the message, its
 * attachments and its `message.created` event for both sides.
 * `$2` recipient, `$13` last-message snapshot, `$14` event data, `$15` file URL prefix,
 * `$16` null (no group-private recipient).
 */
const SEND_DIRECT = prepared(
  'party_send_direct',
  `WITH
  recipient AS (${USER_SQL.profile('$2')}),
  blocked AS (${CONTACT_SQL.blocks('$2', '$1')}),
  conv AS (
    SELECT id FROM conversations
    WHERE user_low = LEAST($1::uuid, $2::uuid) AND user_high = GREATEST($1::uuid, $2::uuid)
  ),
  ${COMMON_CHECKS},
  verdict AS (
    SELECT CASE
      ${FIRST_VERDICT}
      WHEN NOT EXISTS (SELECT 1 FROM recipient) THEN 'unknown_recipient'
      WHEN EXISTS (SELECT 1 FROM blocked) THEN 'blocked'
      ${COMMON_VERDICTS}
    END AS status
  ),
  touched AS (
    ${CONTACT_SQL.touchFriendshipPair('$1', '$2', '$11')}
      AND (SELECT status FROM verdict) = 'ok'
  ),
  bumped AS (
    INSERT INTO conversations (kind, user_low, user_high, last_seq, last_message, last_message_at)
    SELECT 'direct', LEAST($1::uuid, $2::uuid), GREATEST($1::uuid, $2::uuid), 1,
           $13::jsonb || jsonb_build_object('seq', 1), $11
    FROM verdict WHERE status = 'ok'
    ON CONFLICT (user_low, user_high) DO UPDATE SET
      last_seq = conversations.last_seq + 1,
      last_message = EXCLUDED.last_message || jsonb_build_object('seq', conversations.last_seq + 1),
      last_message_at = EXCLUDED.last_message_at
    RETURNING id, last_seq AS seq, user_low, user_high
  ),
  stored AS (
    SELECT id, seq, NULL::uuid AS group_id, user_low, user_high,
           NULL::uuid AS event_conversation, NULL::int AS event_seq,
           ARRAY[$1::uuid, $2::uuid] AS readers
    FROM bumped
  ),
  -- Sending is reading: the sender's cursors move past his message. A first message creates
  -- both memberships (the recipient's untouched when it exists).
  members AS (
    INSERT INTO conversation_members AS m
      (conversation_id, user_id, peer_user_id, last_read_seq, last_delivered_seq)
    SELECT stored.id, side.user_id, side.peer_id, side.cursor, side.cursor
    FROM stored, LATERAL (VALUES ($1::uuid, $2::uuid, stored.seq), ($2::uuid, $1::uuid, 0))
      AS side(user_id, peer_id, cursor)
    ON CONFLICT (conversation_id, user_id) DO UPDATE SET
      last_read_seq = GREATEST(m.last_read_seq, EXCLUDED.last_read_seq),
      last_delivered_seq = GREATEST(m.last_delivered_seq, EXCLUDED.last_delivered_seq)
    WHERE EXCLUDED.user_id = $1
  ),
  ${COMMON_WRITES}
  ${COMMON_ANSWER}`,
);

/**
 * A group (or group-private) message in one statement: the group's conversation exists, is
 * active and the sender a current member; a group-private recipient is another current member
 * who has not blocked the sender; the parent and files as for any send. Then the conversation's
 * seq (and last message, unless group-private: that one goes on the two memberships), the
 * sender's cursors, the message, its attachments and one event row whatever the group's size.
 * `$2` group id, `$16` the group-private recipient or null.
 */
const SEND_TO_GROUP = prepared(
  'party_send_group',
  `WITH
  conv AS (SELECT id, status FROM conversations WHERE group_id = $2 AND kind = 'group'),
  membership AS (
    SELECT m.active FROM conversation_members m JOIN conv ON m.conversation_id = conv.id
    WHERE m.user_id = $1
  ),
  recipient AS (
    SELECT 1 FROM conversation_members m JOIN conv ON m.conversation_id = conv.id
    WHERE m.user_id = $16 AND m.active AND $16 <> $1
  ),
  blocked AS (${CONTACT_SQL.blocks('$16', '$1')}),
  ${COMMON_CHECKS},
  verdict AS (
    SELECT CASE
      ${FIRST_VERDICT}
      WHEN NOT EXISTS (SELECT 1 FROM conv) THEN 'unknown_group'
      WHEN NOT coalesce((SELECT active FROM membership), false) THEN 'not_member'
      WHEN (SELECT status FROM conv) = 'dissolved' THEN 'dissolved'
      WHEN $16::uuid IS NOT NULL
        AND (NOT EXISTS (SELECT 1 FROM recipient) OR EXISTS (SELECT 1 FROM blocked))
        THEN 'recipient_not_addable'
      ${COMMON_VERDICTS}
    END AS status
  ),
  bumped AS (
    UPDATE conversations c SET last_seq = c.last_seq + 1,
      last_message = CASE WHEN $16::uuid IS NOT NULL THEN c.last_message
        ELSE $13::jsonb || jsonb_build_object('seq', c.last_seq + 1) END,
      last_message_at = CASE WHEN $16::uuid IS NOT NULL THEN c.last_message_at ELSE $11 END
    FROM conv, verdict
    WHERE c.id = conv.id AND verdict.status = 'ok'
    RETURNING c.id, c.last_seq AS seq, c.group_id
  ),
  stored AS (
    SELECT id, seq, group_id, NULL::uuid AS user_low, NULL::uuid AS user_high,
           CASE WHEN $16::uuid IS NULL THEN id END AS event_conversation,
           CASE WHEN $16::uuid IS NULL THEN seq END AS event_seq,
           CASE WHEN $16::uuid IS NULL THEN ARRAY[]::uuid[] ELSE ARRAY[$16::uuid, $1::uuid] END
             AS readers
    FROM bumped
  ),
  -- The sender's cursors move past his message; a group-private message is the last message of
  -- its two members' entries (the only ones who may see it).
  members AS (
    UPDATE conversation_members m SET
      last_read_seq = CASE WHEN m.user_id = $1 THEN GREATEST(m.last_read_seq, stored.seq)
        ELSE m.last_read_seq END,
      last_delivered_seq = CASE WHEN m.user_id = $1
        THEN GREATEST(m.last_delivered_seq, stored.seq) ELSE m.last_delivered_seq END,
      last_private_message = CASE WHEN $16::uuid IS NOT NULL
        THEN $13::jsonb || jsonb_build_object('seq', stored.seq) ELSE m.last_private_message END
    FROM stored
    WHERE m.conversation_id = stored.id AND m.user_id IN ($1, $16)
  ),
  ${COMMON_WRITES}
  ${COMMON_ANSWER}`,
);

interface SendAnswerRow {
  status: SendRefusal | 'ok';
  conversation_id: string | null;
  seq: number | null;
  group_id: string | null;
  user_low: string | null;
  user_high: string | null;
  username: string | null;
  nickname: string | null;
  avatar_url: string | null;
  files: AttachmentRow[] | null;
  missing_files: string[];
}

/** A concurrent send with the same `client_msg_id` committed first (23505 on its index). */
function isClientMessageRace(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === 'messages_sender_client_msg_id_key';
}

/** PostgreSQL broke a lock cycle by failing this statement (whole, so it can run again). */
function isDeadlock(error: unknown): boolean {
  return (error as { code?: string }).code === '40P01';
}

const DEADLOCK_RETRIES = 3;

/**
 * The hot writes of the message module: a send checks and stores in one statement, so it costs
 * one round trip and no transaction of its own.
 */
@Injectable()
export class MessageSendRepository {
  constructor(private readonly statements: PreparedStatements) {}

  sendDirect(recipientId: string, input: SendInput): Promise<SendOutcome> {
    return this.send(SEND_DIRECT, recipientId, null, input);
  }

  sendToGroup(groupId: string, recipientId: string | null, input: SendInput): Promise<SendOutcome> {
    return this.send(SEND_TO_GROUP, groupId, recipientId, input);
  }

  private async send(
    statement: typeof SEND_DIRECT,
    target: string,
    recipientId: string | null,
    input: SendInput,
  ): Promise<SendOutcome> {
    const { fields } = input;
    const values = [
      input.senderId,
      target,
      input.messageId,
      fields.messageType,
      fields.content,
      fields.parentId ?? null,
      fields.longitude ?? null,
      fields.latitude ?? null,
      fields.batteryLevel ?? null,
      fields.clientMsgId ?? null,
      fields.createdAt,
      fields.attachmentIds ?? [],
      JSON.stringify(input.snapshot),
      JSON.stringify(input.eventData),
      input.fileUrlPrefix,
      recipientId,
    ];
    let answer: SendAnswerRow | undefined;
    for (let attempt = 1; !answer; attempt += 1) {
      try {
        [answer] = await this.statements.query<SendAnswerRow>(statement, values);
      } catch (error) {
        // The statement rolled back whole (no seq was used): the winner of a race on the
        // client_msg_id is now there to find; a deadlock victim simply runs again.
        if (isClientMessageRace(error)) return { status: 'duplicate', missingAttachments: [] };
        if (!isDeadlock(error) || attempt > DEADLOCK_RETRIES) throw error;
      }
    }
    if (answer.status !== 'ok') {
      return { status: answer.status, missingAttachments: answer.missing_files };
    }
    return {
      status: 'ok',
      row: {
        id: input.messageId,
        conversation_id: answer.conversation_id as string,
        seq: answer.seq as number,
        sender_id: input.senderId,
        recipient_id: recipientId,
        message_type: fields.messageType,
        content: fields.content,
        parent_id: fields.parentId ?? null,
        longitude: fields.longitude ?? null,
        latitude: fields.latitude ?? null,
        battery_level: fields.batteryLevel ?? null,
        details: null,
        client_msg_id: fields.clientMsgId ?? null,
        created_at: fields.createdAt,
        kind: answer.group_id ? 'group' : 'direct',
        group_id: answer.group_id,
        user_low: answer.user_low,
        user_high: answer.user_high,
      },
      attachments: answer.files ?? [],
      sender: {
        id: input.senderId,
        username: answer.username as string,
        nickname: answer.nickname as string,
        avatarUrl: answer.avatar_url,
      },
    };
  }
}
