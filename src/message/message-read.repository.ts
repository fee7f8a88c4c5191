import { Injectable } from '@nestjs/common';
import { USER_SQL } from '../auth/user.sql';
import { PersonDto, toPerson } from '../common/people/person.dto';
import { CONTACT_SQL } from '../contact/contact.sql';
import { prepared, PreparedStatement, PreparedStatements } from '../database/prepared-statements';
import {
  AttachmentRow,
  LAST_ACTIVITY_EXPR,
  MessageRow,
  UNREAD_EXPR,
  VISIBLE_TO_MEMBER,
} from './message.repository';

export type HistoryVerdict = 'ok' | 'unknown_user' | 'unknown_group';

export interface HistoryRange {
  beforeSeq?: number;
  afterSeq?: number;
  /** Rows wanted (one more than the page, to know whether there is more). */
  limit: number;
}

/** Messages with what presenting them to their reader needs. */
export interface PresentablePage {
  rows: MessageRow[];
  people: Map<string, PersonDto>;
  attachments: AttachmentRow[];
}

export type HistoryOutcome =
  ({ status: 'ok' } & PresentablePage) | { status: Exclude<HistoryVerdict, 'ok'> };

/** A message row of `page` with its sender (as `$1` names him) and its attachments. */
interface PresentableRow extends MessageRow {
  sender_username: string | null;
  sender_nickname: string | null;
  sender_avatar_url: string | null;
  sender_remarked_name: string | null;
  sender_contact_name: string | null;
  files: AttachmentRow[] | null;
}

/**
 * The columns and joins that present the messages of a CTE `page` (message columns) to reader
 * `$1`: each sender under the reader's name for him, each message's attachments in order.
 */
const PRESENTED_COLUMNS = `
       sender.username AS sender_username, sender.nickname AS sender_nickname,
       sender.avatar_url AS sender_avatar_url, names.remarked_name AS sender_remarked_name,
       names.contact_name AS sender_contact_name, files.list AS files`;
const PRESENTED_JOINS = `
LEFT JOIN LATERAL (${USER_SQL.profile('page.sender_id')}) sender ON true
LEFT JOIN LATERAL (${CONTACT_SQL.namesGiven('$1', 'page.sender_id')}) names ON true
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('message_id', a.message_id, 'id', f.id,
           'file_name', f.file_name, 'mime', f.mime, 'kind', f.kind, 'size', f.size::text,
           'sha256', f.sha256) ORDER BY a.position) AS list
  FROM message_attachments a JOIN message_files f ON f.id = a.file_id
  WHERE a.message_id = page.id
) files ON true`;

const PAGE_MESSAGE_COLUMNS = `msg.id, msg.conversation_id, msg.seq, msg.sender_id, msg.recipient_id,
           msg.message_type, msg.content, msg.parent_id, msg.longitude, msg.latitude,
           msg.battery_level, msg.details, msg.client_msg_id, msg.created_at`;

/** The message rows of a presented page, its senders as people and its attachments. */
function presentable(found: readonly PresentableRow[]): PresentablePage {
  const rows: MessageRow[] = [];
  const people = new Map<string, PersonDto>();
  const attachments: AttachmentRow[] = [];
  for (const row of found) {
    if (row.id === null) continue;
    const {
      sender_username: username,
      sender_nickname: nickname,
      sender_avatar_url: avatarUrl,
      sender_remarked_name: remarkedName,
      sender_contact_name: contactName,
      files,
      ...message
    } = row;
    rows.push(message);
    if (message.sender_id && username !== null && nickname !== null) {
      people.set(
        message.sender_id,
        toPerson(
          { id: message.sender_id, username, nickname, avatarUrl },
          { remarkedName, contactName },
        ),
      );
    }
    if (files) attachments.push(...files);
  }
  return { rows, people, attachments };
}

/** The peer's conversation and the reader's verdict on it, by kind of peer (`$1` reader, `$2` peer). */
const PEER = {
  group: {
    conversation: 'c.group_id = $2::uuid',
    verdict: `CASE WHEN EXISTS (SELECT 1 FROM member) THEN 'ok' ELSE 'unknown_group' END`,
  },
  user: {
    conversation:
      'c.user_low = LEAST($1::uuid, $2::uuid) AND c.user_high = GREATEST($1::uuid, $2::uuid)',
    verdict: `CASE WHEN $2::uuid = $1::uuid OR NOT EXISTS (${USER_SQL.profile('$2::uuid')})
      THEN 'unknown_user' ELSE 'ok' END`,
  },
};

/** No bound: above every seq (`$3` is compared as bigint) and below the first (seqs start at 1). */
const NO_UPPER_BOUND = 2 ** 31;
const NO_LOWER_BOUND = 0;

/**
 * A page of a conversation as its reader sees it, in one statement: the peer resolved (a group
 * he is or was a member of, or another existing user), his membership's window, the page read
 * backwards (or forwards) along the conversation's seq index from his membership row (so its
 * cost does not grow with the depth), each sender under the reader's name for him and each
 * message's attachments. `$1` reader, `$2` peer id, `$3` before seq, `$4` after seq (both
 * always given, `NO_UPPER_BOUND` / `NO_LOWER_BOUND` for none), `$5` rows.
 *
 * One statement per kind of peer and direction, with no condition that depends on a parameter
 * being null: PostgreSQL can then keep one generic plan for each. A single statement for both
 * kinds (a `CASE` on the kind, `$n IS NULL OR ...` bounds) made it plan every execution anew,
 * 0.5-1.2 ms of planning for 0.2-0.4 ms of execution.
 */
function historyStatement(
  peer: 'user' | 'group',
  direction: 'backward' | 'forward',
): PreparedStatement {
  const order = direction === 'backward' ? 'DESC' : 'ASC';
  return prepared(
    `party_history_${peer}_${direction}`,
    `
WITH conv AS (
  SELECT c.id, c.kind, c.group_id, c.user_low, c.user_high FROM conversations c
  WHERE ${PEER[peer].conversation}
),
member AS (
  SELECT m.* FROM conv JOIN conversation_members m ON m.conversation_id = conv.id AND m.user_id = $1
),
verdict AS (
  SELECT ${PEER[peer].verdict} AS status
),
page AS (
  SELECT msg.* FROM member m CROSS JOIN LATERAL (
    SELECT ${PAGE_MESSAGE_COLUMNS}
    FROM messages msg
    WHERE msg.conversation_id = m.conversation_id AND ${VISIBLE_TO_MEMBER}
      AND msg.seq < $3::bigint AND msg.seq > $4::bigint
    ORDER BY msg.seq ${order} LIMIT $5
  ) msg
)
SELECT verdict.status, page.*, conv.kind, conv.group_id, conv.user_low, conv.user_high,
       ${PRESENTED_COLUMNS}
FROM verdict
LEFT JOIN page ON verdict.status = 'ok'
LEFT JOIN conv ON page.id IS NOT NULL
${PRESENTED_JOINS}
ORDER BY page.seq ${order}`,
  );
}

const HISTORY: Record<'user' | 'group', Record<'backward' | 'forward', PreparedStatement>> = {
  user: {
    backward: historyStatement('user', 'backward'),
    forward: historyStatement('user', 'forward'),
  },
  group: {
    backward: historyStatement('group', 'backward'),
    forward: historyStatement('group', 'forward'),
  },
};

/**
 * The unread messages of each row of `behind` that a page could take: at most `$2 + $3`, newest
 * first along the conversation's seq index (its seq order is its time order).
 */
function unreadRowsOf(behind: string): string {
  return `SELECT msg.*, m.kind, m.group_id, m.user_low, m.user_high
  FROM ${behind} m CROSS JOIN LATERAL (
    SELECT ${PAGE_MESSAGE_COLUMNS}
    FROM messages msg
    WHERE msg.conversation_id = m.conversation_id
      AND msg.seq > GREATEST(m.last_read_seq, m.joined_seq)
      AND ${VISIBLE_TO_MEMBER} AND msg.sender_id IS DISTINCT FROM $1
    ORDER BY msg.seq DESC LIMIT $2::int + $3::int
  ) msg`;
}

/**
 * `$1` reader, `$2` limit, `$3` offset. One pass over his memberships (joined to their
 * conversations) gives each conversation behind its read cursor with its unread count (the
 * total) and when it last had a message he may see (`newest`, the conversation's last activity
 * for him: no message he may see there is newer, as a conversation's seq order is its time order,
 * which the rows read along seq already rely on). The page then reads messages only where they
 * can reach it: first from the `$2 + $3` conversations with the newest activity, which fixes the
 * oldest time a page row can have (the bar); then from the others only if their activity is not
 * older than the bar. So its cost follows the page, not the number of conversations behind.
 */
const UNREAD = prepared(
  'party_unread',
  `
WITH behind AS (
  SELECT m.conversation_id, m.user_id, m.joined_seq, m.left_seq, m.last_read_seq, m.muted,
         c.kind, c.group_id, c.user_low, c.user_high,
         ${UNREAD_EXPR} AS unread, ${LAST_ACTIVITY_EXPR} AS newest
  FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
  WHERE m.user_id = $1 AND m.last_read_seq < c.last_seq
),
total AS (
  SELECT COALESCE(sum(unread), 0)::int AS n FROM behind
),
newest AS (
  SELECT * FROM behind WHERE NOT muted ORDER BY newest DESC NULLS FIRST LIMIT $2::int + $3::int
),
newest_rows AS (${unreadRowsOf('newest')}),
bar AS (
  SELECT created_at FROM newest_rows ORDER BY created_at DESC OFFSET $2::int + $3::int - 1 LIMIT 1
),
other AS (
  SELECT * FROM behind b
  WHERE NOT b.muted AND b.conversation_id NOT IN (SELECT conversation_id FROM newest)
    AND (b.newest IS NULL OR NOT EXISTS (SELECT 1 FROM bar) OR b.newest >= (SELECT created_at FROM bar))
),
page AS (
  SELECT * FROM (SELECT * FROM newest_rows UNION ALL ${unreadRowsOf('other')}) msg
  ORDER BY msg.created_at DESC, msg.seq DESC LIMIT $2::int OFFSET $3::int
)
SELECT total.n AS total, page.*, ${PRESENTED_COLUMNS}
FROM total
LEFT JOIN page ON true
${PRESENTED_JOINS}
ORDER BY page.created_at DESC, page.seq DESC`,
);

@Injectable()
export class MessageReadRepository {
  constructor(private readonly statements: PreparedStatements) {}

  /** Rows nearest the bound first: newest first, or oldest first after `afterSeq`. */
  async page(
    readerId: string,
    kind: 'user' | 'group',
    peerId: string,
    range: HistoryRange,
  ): Promise<HistoryOutcome> {
    const found = await this.statements.query<PresentableRow & { status: HistoryVerdict }>(
      HISTORY[kind][range.afterSeq === undefined ? 'backward' : 'forward'],
      [
        readerId,
        peerId,
        range.beforeSeq ?? NO_UPPER_BOUND,
        range.afterSeq ?? NO_LOWER_BOUND,
        range.limit,
      ],
    );
    const status = found[0].status;
    return status === 'ok' ? { status, ...presentable(found) } : { status };
  }

  /**
   * A page of the reader's unread messages, newest first, and how many he has in all (the sum
   * of his unread counts: cursor arithmetic, never a count of the unread set). Each conversation
   * with unread messages gives at most the rows the page could take from it, read backwards along
   * its seq index (a conversation's seq order is its time order), so the cost follows the page,
   * not the unread backlog.
   */
  async unread(
    readerId: string,
    limit: number,
    offset: number,
  ): Promise<PresentablePage & { total: number }> {
    const found = await this.statements.query<PresentableRow & { total: number }>(UNREAD, [
      readerId,
      limit,
      offset,
    ]);
    return { total: found[0].total, ...presentable(found) };
  }
}
