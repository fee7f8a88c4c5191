import { Injectable } from '@nestjs/common';
import { USER_SQL } from '../auth/user.sql';
import { PublicProfile } from '../common/people/person.dto';
import { CONTACT_SQL } from '../contact/contact.sql';
import { GroupCommit } from '../database/group-commit';
import { prepared, PreparedStatement, PreparedStatements } from '../database/prepared-statements';
import { fileUrl } from './message-presenter';
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
  /** The draft's sender, who is never null in a send (only Party's system messages have none). */
  senderId: string;
  fields: MessageFields;
  /**
   * The message as stored, less what the statement decides: its conversation (id, kind, group,
   * pair) and its seq.
   */
  draft: MessageRow;
  /** The conversation's `last_message` snapshot, less its seq. */
  snapshot: object;
  /** The event's data, less `conversation_id`, `seq` and `attachments`. */
  eventData: object;
}

/**
 * The sends of a batch (`$1`, a JSON array in arrival order: `ord` is the position), and what
 * every send checks, for each of them: `duplicate` (its `client_msg_id` is stored already),
 * `files` (the attachments that are the sender's, one row per file).
 */
const SENDS = `
  sends AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(
      ord int, sender_id uuid, target uuid, recipient_id uuid, message_id uuid,
      message_type text, content text, parent_id uuid, longitude float8, latitude float8,
      battery_level smallint, client_msg_id text, created_at timestamptz, attachment_ids uuid[],
      snapshot jsonb, event_data jsonb)
  ),
  files AS MATERIALIZED (
    SELECT s.ord, f.id, f.file_name, f.mime, f.kind, f.size, f.sha256, u.pos
    FROM sends s
    CROSS JOIN LATERAL unnest(s.attachment_ids) WITH ORDINALITY AS u(id, pos)
    JOIN message_files f ON f.id = u.id AND f.owner_id = s.sender_id
  )`;

/** A repeated `client_msg_id` answers the original, whatever else changed since. */
const FIRST_VERDICT = `WHEN EXISTS (
      SELECT 1 FROM messages WHERE sender_id = s.sender_id AND client_msg_id = s.client_msg_id
    ) THEN 'duplicate'`;

/**
 * The checks every send ends with, after its own: the parent is a message of the conversation
 * `conversation` that the sender sees, the files are all his.
 */
const commonVerdicts = (conversation: string) => `
    WHEN s.parent_id IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM messages msg
      JOIN conversation_members m ON m.conversation_id = msg.conversation_id
        AND m.user_id = s.sender_id
      WHERE msg.id = s.parent_id AND msg.conversation_id = ${conversation} AND ${VISIBLE_TO_MEMBER}
    ) THEN 'unknown_parent'
    WHEN (SELECT count(*) FROM files WHERE files.ord = s.ord) < cardinality(s.attachment_ids)
      THEN 'unknown_attachments'
    ELSE 'ok'`;

/**
 * The accepted sends (`checked.status = 'ok'`) numbered within their conversation, in arrival
 * order: `n` of `total`, keyed by `partition` (columns of `checked`).
 */
const numbered = (partition: string) => `
  numbered AS MATERIALIZED (
    SELECT c.*, row_number() OVER (PARTITION BY ${partition} ORDER BY c.ord) AS n,
           count(*) OVER (PARTITION BY ${partition}) AS total
    FROM checked c WHERE c.status = 'ok'
  )`;

/**
 * Once `stored` (`ord`, conversation `id`, `seq`, `event_conversation`, `event_seq`, `readers`)
 * exists: the messages, their attachments, and one `message.created` event each, numbered in
 * arrival order (so a conversation's events follow its seqs). `$2` is the file URL prefix.
 */
const COMMON_WRITES = `
  inserted AS (
    INSERT INTO messages (id, conversation_id, seq, recipient_id, sender_id, message_type, content,
      parent_id, longitude, latitude, battery_level, client_msg_id, created_at)
    SELECT s.message_id, st.id, st.seq, s.recipient_id, s.sender_id, s.message_type, s.content,
           s.parent_id, s.longitude, s.latitude, s.battery_level, s.client_msg_id, s.created_at
    FROM stored st JOIN sends s USING (ord)
  ),
  attached AS (
    INSERT INTO message_attachments (message_id, file_id, position)
    SELECT s.message_id, files.id, files.pos - 1
    FROM files JOIN stored st USING (ord) JOIN sends s USING (ord)
  ),
  file_views AS MATERIALIZED (
    SELECT files.ord,
           jsonb_agg(jsonb_build_object('id', files.id, 'file_name', file_name, 'mime', mime,
             'kind', kind, 'size', size, 'sha256', sha256, 'url', $2::text || files.id::text)
             ORDER BY pos) AS views,
           json_agg(json_build_object('message_id', s.message_id, 'id', files.id,
             'file_name', file_name, 'mime', mime, 'kind', kind, 'size', size::text,
             'sha256', sha256) ORDER BY pos) AS rows
    FROM files JOIN sends s USING (ord)
    GROUP BY files.ord
  ),
  numbered_events AS MATERIALIZED (
    SELECT nextval('event_log_id_seq') AS event_id, ordered.*
    FROM (SELECT * FROM stored ORDER BY ord) ordered
  ),
  event AS (
    INSERT INTO event_log (id, type, conversation_id, seq, data)
    SELECT e.event_id, 'message.created', e.event_conversation, e.event_seq,
           s.event_data || jsonb_build_object('conversation_id', e.id, 'seq', e.seq,
             'attachments', coalesce(fv.views, '[]'::jsonb))
    FROM numbered_events e JOIN sends s USING (ord) LEFT JOIN file_views fv USING (ord)
  ),
  event_readers AS (
    INSERT INTO event_recipients (user_id, xid, event_id)
    SELECT reader, pg_current_xact_id(), e.event_id
    FROM numbered_events e, unnest(e.readers) AS reader
  )`;

/** What each send of the batch is answered: its verdict, and for a stored one what it needs. */
const COMMON_ANSWER = `
  SELECT c.ord, c.status, st.id AS conversation_id, st.seq, st.group_id,
         st.user_low, st.user_high,
         sender.username, sender.nickname, sender.avatar_url,
         fv.rows AS files,
         ARRAY(SELECT u.id FROM unnest(s.attachment_ids) AS u(id)
               WHERE u.id NOT IN (SELECT files.id FROM files WHERE files.ord = s.ord))
           AS missing_files
  FROM checked c
  JOIN sends s USING (ord)
  LEFT JOIN stored st USING (ord)
  LEFT JOIN file_views fv USING (ord)
  LEFT JOIN LATERAL (${USER_SQL.profile('s.sender_id')}) sender ON true
  ORDER BY c.ord`;

/**
 * A batch of private messages, their checks and all their writes in one statement (one implicit
 * transaction). Each send: the recipient (`target`) exists and has not blocked the sender, the
 * parent and files are the sender's to use, the `client_msg_id` is new. Then, per pair: the
 * conversation (created on its first message, with both memberships) locked in id order and its
 * seq moved past all of the pair's messages at once, the senders' cursors, the friendships'
 * order; per message: the row, its attachments and its `message.created` event for both sides.
 */
const SEND_DIRECT = prepared(
  'party_send_direct',
  `WITH
  ${SENDS},
  pairs AS (
    SELECT s.ord, LEAST(s.sender_id, s.target) AS user_low,
           GREATEST(s.sender_id, s.target) AS user_high
    FROM sends s
  ),
  conv AS MATERIALIZED (
    SELECT c.id, c.user_low, c.user_high FROM conversations c
    WHERE (c.user_low, c.user_high) IN (SELECT user_low, user_high FROM pairs)
    ORDER BY c.id FOR UPDATE
  ),
  checked AS MATERIALIZED (
    SELECT s.ord, p.user_low, p.user_high, CASE
      ${FIRST_VERDICT}
      WHEN NOT EXISTS (${USER_SQL.profile('s.target')}) THEN 'unknown_recipient'
      WHEN EXISTS (${CONTACT_SQL.blocks('s.target', 's.sender_id')}) THEN 'blocked'
      ${commonVerdicts('conv.id')}
    END AS status
    FROM sends s JOIN pairs p USING (ord)
    LEFT JOIN conv ON conv.user_low = p.user_low AND conv.user_high = p.user_high
  ),
  ${numbered('c.user_low, c.user_high')},
  last_sends AS (
    SELECT nb.user_low, nb.user_high, nb.total, s.snapshot, s.created_at
    FROM numbered nb JOIN sends s USING (ord)
    WHERE nb.n = nb.total
  ),
  touched AS (
    ${CONTACT_SQL.touchFriendshipPairs('last_sends', 'last_sends.user_low', 'last_sends.user_high', 'last_sends.created_at')}
  ),
  bumped AS (
    INSERT INTO conversations (kind, user_low, user_high, last_seq, last_message, last_message_at)
    SELECT 'direct', l.user_low, l.user_high, l.total,
           l.snapshot || jsonb_build_object('seq', l.total), l.created_at
    FROM last_sends l ORDER BY l.user_low, l.user_high
    ON CONFLICT (user_low, user_high) DO UPDATE SET
      last_seq = conversations.last_seq + EXCLUDED.last_seq,
      last_message = EXCLUDED.last_message
        || jsonb_build_object('seq', conversations.last_seq + EXCLUDED.last_seq),
      last_message_at = EXCLUDED.last_message_at
    RETURNING id, last_seq, user_low, user_high
  ),
  stored AS (
    SELECT nb.ord, b.id, (b.last_seq - nb.total + nb.n)::int AS seq, NULL::uuid AS group_id,
           b.user_low, b.user_high, NULL::uuid AS event_conversation, NULL::int AS event_seq,
           ARRAY[s.sender_id, s.target] AS readers
    FROM numbered nb
    JOIN bumped b ON b.user_low = nb.user_low AND b.user_high = nb.user_high
    JOIN sends s USING (ord)
  ),
  -- Sending is reading: a sender's cursors move past his last message. A pair's first message
  -- creates both memberships (the recipient's untouched when it exists).
  members AS (
    INSERT INTO conversation_members AS m
      (conversation_id, user_id, peer_user_id, last_read_seq, last_delivered_seq)
    SELECT side.conversation_id, side.user_id, side.peer_id, max(side.cursor), max(side.cursor)
    FROM stored st JOIN sends s USING (ord),
    LATERAL (VALUES (st.id, s.sender_id, s.target, st.seq), (st.id, s.target, s.sender_id, 0))
      AS side(conversation_id, user_id, peer_id, cursor)
    GROUP BY side.conversation_id, side.user_id, side.peer_id
    ORDER BY side.conversation_id, side.user_id
    ON CONFLICT (conversation_id, user_id) DO UPDATE SET
      last_read_seq = GREATEST(m.last_read_seq, EXCLUDED.last_read_seq),
      last_delivered_seq = GREATEST(m.last_delivered_seq, EXCLUDED.last_delivered_seq)
    WHERE EXCLUDED.last_read_seq > 0
  ),
  ${COMMON_WRITES}
  ${COMMON_ANSWER}`,
);

/**
 * A batch of group (or group-private) messages in one statement. Each send: the group's
 * conversation exists, is active and the sender a current member; a group-private recipient is
 * another current member who has not blocked the sender; the parent and files as for any send.
 * Then, per conversation (locked in id order): the seq moved past all of its messages and its
 * last message (group-private ones go on their two members' entries instead); per member the
 * cursors; per message the row, its attachments and one event row whatever the group's size.
 */
const SEND_TO_GROUP = prepared(
  'party_send_group',
  `WITH
  ${SENDS},
  conv AS MATERIALIZED (
    SELECT c.id, c.group_id, c.status FROM conversations c
    WHERE c.kind = 'group' AND c.group_id IN (SELECT target FROM sends)
    ORDER BY c.id FOR UPDATE
  ),
  checked AS MATERIALIZED (
    SELECT s.ord, conv.id AS conversation_id, CASE
      ${FIRST_VERDICT}
      WHEN conv.id IS NULL THEN 'unknown_group'
      WHEN NOT coalesce(membership.active, false) THEN 'not_member'
      WHEN conv.status = 'dissolved' THEN 'dissolved'
      WHEN s.recipient_id IS NOT NULL AND (
        NOT EXISTS (
          SELECT 1 FROM conversation_members r
          WHERE r.conversation_id = conv.id AND r.user_id = s.recipient_id AND r.active
            AND s.recipient_id <> s.sender_id
        ) OR EXISTS (${CONTACT_SQL.blocks('s.recipient_id', 's.sender_id')})
      ) THEN 'recipient_not_addable'
      ${commonVerdicts('conv.id')}
    END AS status
    FROM sends s
    LEFT JOIN conv ON conv.group_id = s.target
    LEFT JOIN conversation_members membership
      ON membership.conversation_id = conv.id AND membership.user_id = s.sender_id
  ),
  ${numbered('c.conversation_id')},
  counts AS (
    SELECT nb.conversation_id, max(nb.total) AS total,
           max(nb.n) FILTER (WHERE s.recipient_id IS NULL) AS public_n,
           (array_agg(s.snapshot ORDER BY nb.n DESC) FILTER (WHERE s.recipient_id IS NULL))[1]
             AS snapshot,
           (array_agg(s.created_at ORDER BY nb.n DESC) FILTER (WHERE s.recipient_id IS NULL))[1]
             AS created_at
    FROM numbered nb JOIN sends s USING (ord)
    GROUP BY nb.conversation_id
  ),
  bumped AS (
    UPDATE conversations c SET last_seq = c.last_seq + k.total,
      last_message = CASE WHEN k.public_n IS NULL THEN c.last_message
        ELSE k.snapshot || jsonb_build_object('seq', c.last_seq + k.public_n) END,
      last_message_at = CASE WHEN k.public_n IS NULL THEN c.last_message_at ELSE k.created_at END
    FROM counts k
    WHERE c.id = k.conversation_id
    RETURNING c.id, c.last_seq - k.total AS base, c.group_id
  ),
  stored AS (
    SELECT nb.ord, b.id, (b.base + nb.n)::int AS seq, b.group_id,
           NULL::uuid AS user_low, NULL::uuid AS user_high,
           CASE WHEN s.recipient_id IS NULL THEN b.id END AS event_conversation,
           CASE WHEN s.recipient_id IS NULL THEN (b.base + nb.n)::int END AS event_seq,
           CASE WHEN s.recipient_id IS NULL THEN ARRAY[]::uuid[]
             ELSE ARRAY[s.recipient_id, s.sender_id] END AS readers
    FROM numbered nb JOIN bumped b ON b.id = nb.conversation_id JOIN sends s USING (ord)
  ),
  -- A sender's cursors move past his last message; a group-private message is the last message
  -- of its two members' entries (the only ones who may see it).
  member_changes AS (
    SELECT change.conversation_id, change.user_id, max(change.cursor) AS cursor,
           (array_agg(change.private ORDER BY change.seq DESC)
             FILTER (WHERE change.private IS NOT NULL))[1] AS private
    FROM stored st JOIN sends s USING (ord),
    LATERAL (VALUES
      (st.id, s.sender_id, st.seq, st.seq,
       CASE WHEN s.recipient_id IS NOT NULL THEN s.snapshot || jsonb_build_object('seq', st.seq) END),
      (st.id, s.recipient_id, NULL, st.seq, s.snapshot || jsonb_build_object('seq', st.seq))
    ) AS change(conversation_id, user_id, cursor, seq, private)
    WHERE change.user_id IS NOT NULL
    GROUP BY change.conversation_id, change.user_id
  ),
  members AS (
    UPDATE conversation_members m SET
      last_read_seq = GREATEST(m.last_read_seq, coalesce(mc.cursor, 0)),
      last_delivered_seq = GREATEST(m.last_delivered_seq, coalesce(mc.cursor, 0)),
      last_private_message = coalesce(mc.private, m.last_private_message)
    FROM member_changes mc
    WHERE m.conversation_id = mc.conversation_id AND m.user_id = mc.user_id
  ),
  ${COMMON_WRITES}
  ${COMMON_ANSWER}`,
);

interface SendAnswerRow {
  ord: number;
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

/** One send of a batch: its target (a user, or a group) and what it stores. */
interface QueuedSend {
  target: string;
  /** The group-private recipient; null for a private or a group message. */
  recipientId: string | null;
  input: SendInput;
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

/** PostgreSQL refused the statement (and rolled it back whole): nothing of it was stored. */
function isRefusedStatement(error: unknown): boolean {
  return error instanceof Error && (error as { severity?: unknown }).severity === 'ERROR';
}

const DEADLOCK_RETRIES = 3;

/**
 * Group commit's sizes: a batch carries at most `MAX_BATCH` sends, and at most `MAX_IN_FLIGHT`
 * batches of a kind run at once per instance: one would leave the next batch waiting out the
 * whole round trip of the last; more would mostly queue on the same hot conversations' row
 * locks (a choice, not yet tuned: docs/decisions.md, "Speed").
 */
const MAX_BATCH = 256;
const MAX_IN_FLIGHT = 2;

/**
 * The hot writes of the message module. Concurrent sends are batched (group commit,
 * `src/database/group-commit.ts`): each batch checks and stores all its sends in one statement,
 * one implicit transaction, and each send is answered when its batch has committed. A batch the
 * database refuses (one send it cannot store) is run again send by send, so one bad send never
 * fails the others.
 */
@Injectable()
export class MessageSendRepository {
  private readonly direct: GroupCommit<QueuedSend, SendAnswerRow>;
  private readonly group: GroupCommit<QueuedSend, SendAnswerRow>;

  constructor(private readonly statements: PreparedStatements) {
    // A repeated client_msg_id waits for the next batch, where it finds the first one stored.
    const options = {
      maxBatch: MAX_BATCH,
      maxInFlight: MAX_IN_FLIGHT,
      keyOf: ({ input }: QueuedSend) =>
        input.fields.clientMsgId ? `${input.senderId}:${input.fields.clientMsgId}` : null,
    };
    this.direct = new GroupCommit((sends) => this.runBatch(SEND_DIRECT, sends), options);
    this.group = new GroupCommit((sends) => this.runBatch(SEND_TO_GROUP, sends), options);
  }

  async sendDirect(recipientId: string, input: SendInput): Promise<SendOutcome> {
    const answer = await this.direct.submit({ target: recipientId, recipientId: null, input });
    return outcomeOf(answer, input);
  }

  async sendToGroup(
    groupId: string,
    recipientId: string | null,
    input: SendInput,
  ): Promise<SendOutcome> {
    const answer = await this.group.submit({ target: groupId, recipientId, input });
    return outcomeOf(answer, input);
  }

  /** One statement for the whole batch; when PostgreSQL refuses it, one per send. */
  private async runBatch(
    statement: PreparedStatement,
    sends: QueuedSend[],
  ): Promise<PromiseSettledResult<SendAnswerRow>[]> {
    try {
      const answers = await this.runStatement(statement, sends);
      return answers.map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      // Anything but a refusal (a lost connection) may have committed: never run it again.
      if (sends.length === 1 || !isRefusedStatement(error)) throw error;
    }
    const results: PromiseSettledResult<SendAnswerRow>[] = [];
    for (const send of sends) {
      try {
        const [value] = await this.runStatement(statement, [send]);
        results.push({ status: 'fulfilled', value });
      } catch (reason) {
        results.push({ status: 'rejected', reason });
      }
    }
    return results;
  }

  private async runStatement(
    statement: PreparedStatement,
    sends: QueuedSend[],
  ): Promise<SendAnswerRow[]> {
    const batch = JSON.stringify(sends.map((send, ord) => sendRecord(ord, send)));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.statements.query<SendAnswerRow>(statement, [batch, fileUrl('')]);
      } catch (error) {
        // The statement rolled back whole (no seq was used): the winner of a race on a
        // client_msg_id is now there to find; a deadlock victim simply runs again.
        if (sends.length === 1 && isClientMessageRace(error)) {
          return [{ ...REFUSED_ANSWER, status: 'duplicate' }];
        }
        if (!isDeadlock(error) || attempt > DEADLOCK_RETRIES) throw error;
      }
    }
  }
}

const REFUSED_ANSWER: SendAnswerRow = {
  ord: 0,
  status: 'duplicate',
  conversation_id: null,
  seq: null,
  group_id: null,
  user_low: null,
  user_high: null,
  username: null,
  nickname: null,
  avatar_url: null,
  files: null,
  missing_files: [],
};

/** A send as the statement's `sends` relation reads it. */
function sendRecord(ord: number, { target, recipientId, input }: QueuedSend): object {
  const { fields } = input;
  return {
    ord,
    sender_id: input.senderId,
    target,
    recipient_id: recipientId,
    message_id: input.draft.id,
    message_type: fields.messageType,
    content: fields.content,
    parent_id: fields.parentId ?? null,
    longitude: fields.longitude ?? null,
    latitude: fields.latitude ?? null,
    battery_level: fields.batteryLevel ?? null,
    client_msg_id: fields.clientMsgId ?? null,
    created_at: fields.createdAt,
    attachment_ids: fields.attachmentIds ?? [],
    snapshot: input.snapshot,
    event_data: input.eventData,
  };
}

function outcomeOf(answer: SendAnswerRow, input: SendInput): SendOutcome {
  if (answer.status !== 'ok') {
    return { status: answer.status, missingAttachments: answer.missing_files };
  }
  return {
    status: 'ok',
    row: {
      ...input.draft,
      conversation_id: answer.conversation_id as string,
      seq: answer.seq as number,
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
