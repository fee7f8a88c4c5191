/**
 * The raw-stack baseline: plain Fastify + pg doing by hand what Party's measured routes do,
 * against the same tables, with unnamed statements (PostgreSQL parses and plans each one) and a
 * token lookup on every request: the naive hand-written server the issue's targets refer to.
 *
 * - `POST /api/party/messages` (private `to_user` or group `to_group`): 6 round trips (token
 *   lookup, BEGIN, membership check, seq bump, insert, COMMIT). `POST .../messages/with-event`
 *   also writes the message's `message.created` event in the transaction (one more round trip:
 *   one statement into `event_log` and `event_recipients`, as Party's event write does), so the
 *   pair shows what the event write itself costs a send.
 * - `GET /api/party/conversations/group/{id}/messages`: a history page with the lookups Party
 *   makes (token with the reader's time zone, membership, the page, the senders' profiles, the
 *   reader's names for them, the attachments: 6 statements). `GET /api/party/lean/...` (same
 *   path after `/lean`) is the page a hand-written server would do in 3: token, membership
 *   joined with the page and its attachments, senders with the reader's names.
 * - `GET /api/party/contact-list/inbox`: token, the page with unread counts and total (the same
 *   query as Party's), the direct peers with the reader's names (3 statements).
 * - `GET /api/party/user`: token, the profile (2 statements).
 *
 * The answers have Party's fields (times as ISO 8601 plus a `_string` in the reader's time zone
 * from a cached formatter, labels in English: the bench's users have no locale). Only the
 * group conversations the scenarios page are served (`user/{id}` is a 404 here).
 * Started by bench/run.ts as a child process; it exits when its stdin closes (the bench ended).
 */
import { createHash, randomUUID } from 'node:crypto';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { Pool } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_INT4 = 2_147_483_647;
const API = '/api/party';

interface SendBody {
  to_user?: unknown;
  to_group?: unknown;
  message_type?: unknown;
  content?: unknown;
}

/** Who calls, and how his times are written. */
interface Principal {
  userId: string;
  timeZone: string;
}

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/health', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok' };
});

function unauthorized(reply: FastifyReply) {
  return reply.code(401).send({ error: 'Unauthorized', code: 'invalid_token' });
}

function badRequest(reply: FastifyReply, field: string) {
  return reply.code(400).send({ error: `Bad request: ${field}`, code: 'validation_failed' });
}

function notFound(reply: FastifyReply, resource: string) {
  return reply.code(404).send({ error: `Unknown ${resource}`, code: 'not_found' });
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : '';
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The token lookup of the reading routes: the user's scopes and time zone in one statement (as
 * Party's lookup joins the user). Answers 401 / 403 itself and returns null then.
 */
async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
): Promise<Principal | null> {
  const token = bearer(request);
  if (token === '') {
    await unauthorized(reply);
    return null;
  }
  const found = await pool.query<{ user_id: string; scopes: string[]; time_zone: string }>(
    `SELECT t.user_id, t.scopes, u.time_zone FROM oauth_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.access_token_hash = $1 AND t.revoked_at IS NULL
       AND (t.access_expires_at IS NULL OR t.access_expires_at > now())`,
    [tokenHash(token)],
  );
  const row = found.rows[0];
  if (!row) {
    await unauthorized(reply);
    return null;
  }
  if (!row.scopes.includes(scope)) {
    await reply.code(403).send({ error: 'Forbidden', code: 'insufficient_scope' });
    return null;
  }
  return { userId: row.user_id, timeZone: row.time_zone };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Party's `_string` form of a time (English, the reader's zone), one formatter per zone. */
function localized(date: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en', {
      timeZone,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(date);
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A query parameter as an integer in [min, max]; undefined when absent, null when invalid. */
function intParam(value: unknown, min: number, max: number): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

// ---------- send ----------

async function send(request: FastifyRequest, reply: FastifyReply, withEvent: boolean) {
  const token = bearer(request);
  if (token === '') return unauthorized(reply);
  const found = await pool.query<{ user_id: string; scopes: string[] }>(
    `SELECT user_id, scopes FROM oauth_tokens WHERE access_token_hash = $1 AND revoked_at IS NULL
       AND (access_expires_at IS NULL OR access_expires_at > now())`,
    [tokenHash(token)],
  );
  const principal = found.rows[0];
  if (!principal?.user_id) return unauthorized(reply);
  if (!principal.scopes.includes('party_message')) {
    return reply.code(403).send({ error: 'Forbidden', code: 'insufficient_scope' });
  }
  const body = (request.body ?? {}) as SendBody;
  const content = body.content;
  const to = body.to_group ?? body.to_user;
  if (
    typeof to !== 'string' ||
    !UUID.test(to) ||
    (body.to_group !== undefined && body.to_user !== undefined) ||
    body.message_type !== 'text' ||
    typeof content !== 'string' ||
    content.length === 0 ||
    [...content].length > 5000
  ) {
    return reply.code(400).send({ error: 'Bad request', code: 'validation_failed' });
  }
  const me = principal.user_id;
  const toGroup = body.to_group !== undefined;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const member = await client.query<{ id: string }>(
      `SELECT c.id FROM conversations c
       JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $1 AND m.active
       WHERE ${
         toGroup
           ? "c.group_id = $2 AND c.status = 'active'"
           : 'c.user_low = LEAST($1::uuid, $2::uuid) AND c.user_high = GREATEST($1::uuid, $2::uuid)'
       }`,
      [me, to],
    );
    const conversationId = member.rows[0]?.id;
    if (!conversationId) {
      await client.query('ROLLBACK');
      return reply.code(422).send({ error: 'Unknown recipient', code: 'unknown_reference' });
    }
    const id = randomUUID();
    const createdAt = new Date();
    const bumped = await client.query<{ last_seq: number }>(
      `UPDATE conversations SET last_seq = last_seq + 1,
         last_message = jsonb_build_object('id', $2::text, 'seq', last_seq + 1,
           'message_type', 'text', 'content', $3::text, 'sender_id', $4::text, 'created_at', $5::text),
         last_message_at = $6
       WHERE id = $1 RETURNING last_seq`,
      [conversationId, id, content, me, createdAt.toISOString(), createdAt],
    );
    const seq = bumped.rows[0].last_seq;
    await client.query(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, message_type, content, created_at)
       VALUES ($1, $2, $3, $4, 'text', $5, $6)`,
      [id, conversationId, seq, me, content, createdAt],
    );
    const message = {
      id,
      conversation_id: conversationId,
      seq,
      sender_id: me,
      to_user: toGroup ? null : to,
      to_group: toGroup ? to : null,
      message_type: 'text',
      content,
      created_at: createdAt.toISOString(),
    };
    if (withEvent) {
      // A group message is one row (its members read it by conversation and seq); a private
      // one lists its two users, as in Party.
      await client.query(
        `WITH e AS (
           INSERT INTO event_log (type, conversation_id, seq, data)
           VALUES ('message.created', $1, $2, $3) RETURNING id, xid
         )
         INSERT INTO event_recipients (user_id, xid, event_id)
         SELECT u, e.xid, e.id FROM e CROSS JOIN unnest($4::uuid[]) AS u`,
        [
          toGroup ? conversationId : null,
          toGroup ? seq : null,
          { ...message, sender: { $person: me } },
          toGroup ? [] : [me, to],
        ],
      );
    }
    await client.query('COMMIT');
    return reply.code(201).send(message);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

app.post(`${API}/messages`, (request, reply) => send(request, reply, false));
app.post(`${API}/messages/with-event`, (request, reply) => send(request, reply, true));

// ---------- history ----------

interface PageRange {
  beforeSeq: number | null;
  afterSeq: number | null;
  limit: number;
}

interface MessageRow {
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
}

interface Attachment {
  id: string;
  file_name: string;
  mime: string;
  kind: string;
  size: number;
  sha256: string;
  url: string;
}

interface FileRow {
  id: string;
  file_name: string;
  mime: string;
  kind: string;
  size: string | number;
  sha256: string;
}

interface PersonRow {
  id: string;
  username: string;
  nickname: string;
  avatar_url: string | null;
  remarked_name: string | null;
  contact_name: string | null;
}

interface Person {
  id: string;
  username: string;
  nickname: string;
  name: string;
  avatar_url: string | null;
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    username: row.username,
    nickname: row.nickname,
    name: row.remarked_name || row.contact_name || row.nickname || row.username,
    avatar_url: row.avatar_url,
  };
}

function toAttachment(row: FileRow): Attachment {
  return {
    id: row.id,
    file_name: row.file_name,
    mime: row.mime,
    kind: row.kind,
    size: Number(row.size),
    sha256: row.sha256,
    url: `${API}/files/${row.id}`,
  };
}

const MESSAGE_COLUMNS = `msg.id, msg.conversation_id, msg.seq, msg.sender_id, msg.recipient_id,
  msg.message_type, msg.content, msg.parent_id, msg.longitude, msg.latitude, msg.battery_level,
  msg.details, msg.client_msg_id, msg.created_at`;

/** Messages of `msg` that member `m` may see, inside the requested range. */
const VISIBLE_IN_RANGE = `msg.seq > m.joined_seq
  AND (m.left_seq IS NULL OR msg.seq <= m.left_seq)
  AND (msg.recipient_id IS NULL OR msg.recipient_id = m.user_id OR msg.sender_id = m.user_id)
  AND ($3::int IS NULL OR msg.seq < $3) AND ($4::int IS NULL OR msg.seq > $4)`;

function messageView(
  row: MessageRow,
  groupId: string,
  sender: Person | null,
  attachments: Attachment[],
  timeZone: string,
) {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    seq: row.seq,
    message_type: row.message_type,
    message_type_string: row.message_type,
    content: row.content,
    sender_id: row.sender_id,
    sender,
    to_user: row.recipient_id,
    to_group: groupId,
    recipient_type: row.recipient_id ? 'group_private' : 'group',
    parent_id: row.parent_id,
    longitude: row.longitude,
    latitude: row.latitude,
    battery_level: row.battery_level,
    attachments,
    details: row.details,
    client_msg_id: row.client_msg_id,
    created_at: iso(row.created_at),
    created_at_string: localized(row.created_at, timeZone),
  };
}

/** The page in the order asked for, and the cursors of the next one. */
function historyAnswer<T extends { seq: number }>(rows: T[], range: PageRange) {
  const hasMore = rows.length > range.limit;
  const page = rows.slice(0, range.limit);
  const ascending = range.afterSeq !== null;
  if (ascending) page.reverse();
  const seqs = page.map((row) => row.seq);
  return {
    page,
    has_more: hasMore,
    next_before_seq: !ascending && hasMore ? Math.min(...seqs) : null,
    next_after_seq: ascending && hasMore ? Math.max(...seqs) : null,
  };
}

const PERSON_COLUMNS = 'u.id, u.username, u.nickname, u.avatar_url';

async function history(request: FastifyRequest, reply: FastifyReply, lean: boolean) {
  const principal = await authenticate(request, reply, 'party_message');
  if (!principal) return reply;
  const { kind, id: groupId } = request.params as { kind: string; id: string };
  if (kind !== 'group') return notFound(reply, 'conversation');
  if (!UUID.test(groupId)) return notFound(reply, 'group');
  const query = request.query as Record<string, unknown>;
  const beforeSeq = intParam(query.before_seq, 1, MAX_INT4);
  const afterSeq = intParam(query.after_seq, 0, MAX_INT4);
  const limit = intParam(query.limit, 1, 100);
  if (beforeSeq === null) return badRequest(reply, 'before_seq');
  if (afterSeq === null) return badRequest(reply, 'after_seq');
  if (limit === null) return badRequest(reply, 'limit');
  const range: PageRange = {
    beforeSeq: beforeSeq ?? null,
    afterSeq: afterSeq ?? null,
    limit: limit ?? 30,
  };
  const order = range.afterSeq !== null ? 'ASC' : 'DESC';
  const me = principal.userId;
  if (lean) return leanHistory(reply, principal, groupId, range, order);

  const membership = await pool.query<{
    conversation_id: string;
    joined_seq: number;
    left_seq: number | null;
  }>(
    `SELECT m.conversation_id, m.joined_seq, m.left_seq FROM conversations c
     JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2
     WHERE c.group_id = $1`,
    [groupId, me],
  );
  const member = membership.rows[0];
  if (!member) return notFound(reply, 'group');
  // His window from the membership row, so the page is one index range of `messages`.
  const rows = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages msg
     WHERE msg.conversation_id = $1 AND msg.seq > $5 AND ($6::int IS NULL OR msg.seq <= $6)
       AND (msg.recipient_id IS NULL OR msg.recipient_id = $2 OR msg.sender_id = $2)
       AND ($3::int IS NULL OR msg.seq < $3) AND ($4::int IS NULL OR msg.seq > $4)
     ORDER BY msg.seq ${order} LIMIT $7`,
    [
      member.conversation_id,
      me,
      range.beforeSeq,
      range.afterSeq,
      member.joined_seq,
      member.left_seq,
      range.limit + 1,
    ],
  );
  const answer = historyAnswer(rows.rows, range);
  const senders = [
    ...new Set(answer.page.map((row) => row.sender_id).filter((s): s is string => s !== null)),
  ];
  const ids = answer.page.map((row) => row.id);
  const [profiles, names, files] = await Promise.all([
    pool.query<Omit<PersonRow, 'remarked_name' | 'contact_name'>>(
      `SELECT ${PERSON_COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[])`,
      [senders],
    ),
    pool.query<{ friend_id: string; remarked_name: string | null; contact_name: string | null }>(
      `SELECT friend_id, remarked_name, contact_name FROM friendships
       WHERE user_id = $1 AND friend_id = ANY($2::uuid[])`,
      [me, senders],
    ),
    pool.query<FileRow & { message_id: string }>(
      `SELECT a.message_id, f.id, f.file_name, f.mime, f.kind, f.size, f.sha256
       FROM message_attachments a JOIN message_files f ON f.id = a.file_id
       WHERE a.message_id = ANY($1::uuid[]) ORDER BY a.message_id, a.position`,
      [ids],
    ),
  ]);
  const nameOf = new Map(names.rows.map((row) => [row.friend_id, row]));
  const people = new Map(
    profiles.rows.map((row) => [
      row.id,
      toPerson({
        ...row,
        remarked_name: nameOf.get(row.id)?.remarked_name ?? null,
        contact_name: nameOf.get(row.id)?.contact_name ?? null,
      }),
    ]),
  );
  const byMessage = new Map<string, Attachment[]>();
  for (const file of files.rows) {
    const list = byMessage.get(file.message_id) ?? [];
    list.push(toAttachment(file));
    byMessage.set(file.message_id, list);
  }
  return reply.send({
    data: answer.page.map((row) =>
      messageView(
        row,
        groupId,
        row.sender_id ? (people.get(row.sender_id) ?? null) : null,
        byMessage.get(row.id) ?? [],
        principal.timeZone,
      ),
    ),
    has_more: answer.has_more,
    next_before_seq: answer.next_before_seq,
    next_after_seq: answer.next_after_seq,
  });
}

/** The same page in 3 statements: the membership check, the page and its files are one. */
async function leanHistory(
  reply: FastifyReply,
  principal: Principal,
  groupId: string,
  range: PageRange,
  order: 'ASC' | 'DESC',
) {
  const me = principal.userId;
  // One row per message, or a single row with a null id when the member sees none; no row
  // when he is not a member.
  const rows = await pool.query<
    Omit<MessageRow, 'id' | 'seq' | 'created_at'> & {
      id: string | null;
      seq: number;
      created_at: Date;
      files: FileRow[] | null;
    }
  >(
    `SELECT m.conversation_id AS member_of, page.*
     FROM conversations c
     JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2
     LEFT JOIN LATERAL (
       SELECT ${MESSAGE_COLUMNS},
              (SELECT json_agg(json_build_object('id', f.id, 'file_name', f.file_name,
                        'mime', f.mime, 'kind', f.kind, 'size', f.size, 'sha256', f.sha256)
                      ORDER BY a.position)
               FROM message_attachments a JOIN message_files f ON f.id = a.file_id
               WHERE a.message_id = msg.id) AS files
       FROM messages msg
       WHERE msg.conversation_id = c.id AND ${VISIBLE_IN_RANGE}
       ORDER BY msg.seq ${order} LIMIT $5
     ) page ON true
     WHERE c.group_id = $1`,
    [groupId, me, range.beforeSeq, range.afterSeq, range.limit + 1],
  );
  if (rows.rows.length === 0) return notFound(reply, 'group');
  const messages = rows.rows.filter((row): row is typeof row & { id: string } => row.id !== null);
  const answer = historyAnswer(messages, range);
  const senders = [
    ...new Set(answer.page.map((row) => row.sender_id).filter((s): s is string => s !== null)),
  ];
  const people = await pool.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS}, f.remarked_name, f.contact_name FROM users u
     LEFT JOIN friendships f ON f.user_id = $1 AND f.friend_id = u.id
     WHERE u.id = ANY($2::uuid[])`,
    [me, senders],
  );
  const byId = new Map(people.rows.map((row) => [row.id, toPerson(row)]));
  return reply.send({
    data: answer.page.map((row) =>
      messageView(
        row,
        groupId,
        row.sender_id ? (byId.get(row.sender_id) ?? null) : null,
        (row.files ?? []).map(toAttachment),
        principal.timeZone,
      ),
    ),
    has_more: answer.has_more,
    next_before_seq: answer.next_before_seq,
    next_after_seq: answer.next_after_seq,
  });
}

app.get(`${API}/conversations/:kind/:id/messages`, (request, reply) =>
  history(request, reply, false),
);
app.get(`${API}/lean/conversations/:kind/:id/messages`, (request, reply) =>
  history(request, reply, true),
);

// ---------- inbox ----------

/** Strangers stay in the Inbox this long after the last message with them (as in Party). */
const STRANGER_INBOX_WINDOW_MS = 36 * 3600 * 1000;

interface InboxRow {
  kind: 'direct' | 'group';
  group_id: string | null;
  peer_user_id: string | null;
  name: string | null;
  joined_seq: number;
  last_message: (Record<string, unknown> & { seq: number; created_at: string }) | null;
  last_message_at: Date | null;
  pinned_at: Date | null;
  unread_count: number;
  total: string;
}

/** Party's inbox query: the page first, then unread counts for its entries only. */
const INBOX_SQL = `WITH page AS (
     SELECT m.conversation_id, count(*) OVER () AS total
     FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.user_id = $1
       AND (CASE c.kind WHEN 'group' THEN m.active
               ELSE m.is_friend OR c.last_seq > 0 OR m.pinned_at IS NOT NULL END)
       AND ((c.kind = 'direct' AND (m.is_friend OR c.last_message_at >= $2::timestamptz))
         OR (c.kind = 'group' AND NOT m.muted AND c.status = 'active'))
     ORDER BY m.pinned_at DESC NULLS LAST,
       GREATEST(c.last_message_at, (m.last_private_message->>'created_at')::timestamptz) DESC NULLS LAST,
       c.id
     LIMIT $3 OFFSET $4
   )
   SELECT c.kind, c.group_id, m.peer_user_id, c.name, m.joined_seq,
          CASE WHEN (m.last_private_message->>'seq')::int > COALESCE((c.last_message->>'seq')::int, 0)
            THEN m.last_private_message ELSE c.last_message END AS last_message,
          GREATEST(c.last_message_at, (m.last_private_message->>'created_at')::timestamptz)
            AS last_message_at,
          m.pinned_at,
          (CASE WHEN m.muted THEN 0 ELSE
            GREATEST(0, LEAST(c.last_seq, COALESCE(m.left_seq, c.last_seq)) - GREATEST(m.last_read_seq, m.joined_seq))
            - CASE WHEN c.kind = 'group'
                AND LEAST(c.last_seq, COALESCE(m.left_seq, c.last_seq)) > GREATEST(m.last_read_seq, m.joined_seq)
              THEN (SELECT count(*)::int FROM messages x
                WHERE x.conversation_id = c.id AND x.recipient_id IS NOT NULL
                  AND x.seq > GREATEST(m.last_read_seq, m.joined_seq)
                  AND x.seq <= LEAST(c.last_seq, COALESCE(m.left_seq, c.last_seq))
                  AND x.recipient_id <> m.user_id AND x.sender_id IS DISTINCT FROM m.user_id)
              ELSE 0 END
          END)::int AS unread_count,
          page.total
   FROM page
   JOIN conversation_members m ON m.conversation_id = page.conversation_id AND m.user_id = $1
   JOIN conversations c ON c.id = page.conversation_id
   ORDER BY m.pinned_at DESC NULLS LAST,
     GREATEST(c.last_message_at, (m.last_private_message->>'created_at')::timestamptz) DESC NULLS LAST,
     c.id`;

function linkHeader(request: FastifyRequest, page: number, perPage: number, total: number) {
  const last = Math.max(1, Math.ceil(total / perPage));
  const links: [string, number][] = [['first', 1]];
  if (page > 1) links.push(['prev', Math.min(page - 1, last)]);
  if (page < last) links.push(['next', page + 1]);
  links.push(['last', last]);
  return links
    .map(([rel, n]) => {
      const url = new URL(request.url, `${request.protocol}://${request.host}`);
      url.searchParams.set('page', String(n));
      return `<${url.toString()}>; rel="${rel}"`;
    })
    .join(', ');
}

async function inbox(request: FastifyRequest, reply: FastifyReply) {
  const principal = await authenticate(request, reply, 'party_contact');
  if (!principal) return reply;
  const query = request.query as Record<string, unknown>;
  const page = intParam(query.page, 1, 1_000_000);
  const perPage = intParam(query.per_page, 1, 100);
  if (page === null) return badRequest(reply, 'page');
  if (perPage === null) return badRequest(reply, 'per_page');
  const size = perPage ?? 30;
  const number = page ?? 1;
  const me = principal.userId;
  const cutoff = new Date(Date.now() - STRANGER_INBOX_WINDOW_MS);
  const rows = (await pool.query<InboxRow>(INBOX_SQL, [me, cutoff, size, (number - 1) * size]))
    .rows;
  // A page past the end has no row to carry the total: count it on its own.
  const total =
    rows.length > 0
      ? Number(rows[0].total)
      : Number((await pool.query<InboxRow>(INBOX_SQL, [me, cutoff, 1, 0])).rows[0]?.total ?? 0);
  const peers = rows.map((row) => row.peer_user_id).filter((id): id is string => id !== null);
  const people =
    peers.length === 0
      ? new Map<string, Person>()
      : new Map(
          (
            await pool.query<PersonRow>(
              `SELECT ${PERSON_COLUMNS}, f.remarked_name, f.contact_name FROM users u
               LEFT JOIN friendships f ON f.user_id = $1 AND f.friend_id = u.id
               WHERE u.id = ANY($2::uuid[])`,
              [me, peers],
            )
          ).rows.map((row) => [row.id, toPerson(row)]),
        );
  const zone = principal.timeZone;
  const data = rows.map((row) => {
    const last =
      row.last_message && row.last_message.seq > row.joined_seq ? row.last_message : null;
    const person = row.peer_user_id ? people.get(row.peer_user_id) : undefined;
    const lastAt = last ? new Date(last.created_at) : null;
    return {
      type: row.kind === 'direct' ? 'user' : 'group',
      id: row.kind === 'direct' ? row.peer_user_id : row.group_id,
      name: row.kind === 'direct' ? (person?.name ?? '') : (row.name ?? ''),
      avatar_url: person?.avatar_url ?? null,
      unread_count: row.unread_count,
      last_message:
        last && lastAt
          ? { ...last, created_at: iso(lastAt), created_at_string: localized(lastAt, zone) }
          : null,
      last_contacted_at: row.last_message_at ? iso(row.last_message_at) : null,
      last_contacted_at_string: row.last_message_at ? localized(row.last_message_at, zone) : null,
      pinned: row.pinned_at !== null,
    };
  });
  void reply.header('Link', linkHeader(request, number, size, total));
  void reply.header('X-Total-Count', String(total));
  return reply.send({ data, page: number, per_page: size, total_count: total });
}

app.get(`${API}/contact-list/inbox`, inbox);

// ---------- user ----------

app.get(`${API}/user`, async (request, reply) => {
  const principal = await authenticate(request, reply, 'party_user');
  if (!principal) return reply;
  const found = await pool.query<{
    id: string;
    username: string;
    nickname: string;
    avatar_url: string | null;
    email: string | null;
    mobile: string | null;
    phone_code: string | null;
    time_zone: string;
    locale: string | null;
    created_at: Date;
  }>(
    `SELECT id, username, nickname, avatar_url, email, mobile, phone_code, time_zone, locale,
            created_at
     FROM users WHERE id = $1`,
    [principal.userId],
  );
  const user = found.rows[0];
  if (!user) return unauthorized(reply);
  return reply.send({
    ...user,
    created_at: iso(user.created_at),
    created_at_string: localized(user.created_at, principal.timeZone),
  });
});

async function shutdown(): Promise<void> {
  await app.close().catch(() => undefined);
  await pool.end().catch(() => undefined);
  process.exit(0);
}

process.stdin.on('end', () => void shutdown());
process.stdin.resume();
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

app
  .listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' })
  .then((address) => process.stdout.write(`raw baseline listening on ${address}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`raw baseline failed to start: ${String(error)}\n`);
    process.exit(1);
  });
