/**
 * The raw-stack baseline: plain Fastify + pg doing Party's send (private `to_user` or group
 * `to_group`) by hand, against the same tables, in 6 round trips (token lookup, BEGIN,
 * membership check, seq bump, insert, COMMIT). `POST /api/party/messages/with-event` does the
 * same and also writes the message's `message.created` event in the transaction (one more round
 * trip: one statement into `event_log` and `event_recipients`, as Party's event write does), so
 * the pair shows what the event write itself costs a send.
 * Started by bench/run.ts as a child process; it exits when its stdin closes (the bench ended).
 */
import { createHash, randomUUID } from 'node:crypto';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { Pool } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SendBody {
  to_user?: unknown;
  to_group?: unknown;
  message_type?: unknown;
  content?: unknown;
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

async function send(request: FastifyRequest, reply: FastifyReply, withEvent: boolean) {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (token === '') return reply.code(401).send({ error: 'Unauthorized', code: 'invalid_token' });
  const found = await pool.query<{ user_id: string; scopes: string[] }>(
    `SELECT user_id, scopes FROM oauth_tokens WHERE access_token_hash = $1 AND revoked_at IS NULL
       AND (access_expires_at IS NULL OR access_expires_at > now())`,
    [createHash('sha256').update(token).digest('hex')],
  );
  const principal = found.rows[0];
  if (!principal?.user_id) {
    return reply.code(401).send({ error: 'Unauthorized', code: 'invalid_token' });
  }
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

app.post('/api/party/messages', (request, reply) => send(request, reply, false));
app.post('/api/party/messages/with-event', (request, reply) => send(request, reply, true));

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
