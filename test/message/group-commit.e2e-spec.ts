import { Client } from 'pg';
import { befriend } from '../contact/contact-test-kit';
import { createGroup } from '../group/group-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp, withClient } from '../support/test-app';
import { SCOPES, UserPrincipal } from '../../src/common/http/request-principal';
import { DomainError } from '../../src/common/errors/domain-error';
import { isOutageError } from '../../src/common/errors/outage';
import { PreparedStatements } from '../../src/database/prepared-statements';
import { SendMessageDto } from '../../src/message/dto/message.dto';
import { MessageService } from '../../src/message/message.service';

const onServer = process.env.DATABASE_URL ? it : it.skip;

/**
 * Group commit: concurrent sends go to the database in batches, one statement per batch, and
 * each is answered once its batch committed. Sends started in the same turn of the event loop
 * share a batch, which is how these tests put several sends in one.
 */
describe('group commit of sends', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob, carol, dave] = [
      await createUser(t, { nickname: 'Alice' }),
      await createUser(t, { nickname: 'Bob' }),
      await createUser(t, { nickname: 'Carol' }),
      await createUser(t, { nickname: 'Dave' }),
    ];
    await befriend(t, alice, bob);
    groupId = await createGroup(t, alice, [bob, carol]);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  function as(user: TestUser): UserPrincipal {
    return {
      kind: 'user',
      userId: user.id,
      tokenId: 'group-commit-test',
      scopes: new Set(SCOPES),
      appId: null,
      locale: null,
      timeZone: 'UTC',
    };
  }

  function send(user: TestUser, dto: Partial<SendMessageDto>) {
    return t.app.get(MessageService).send(as(user), { message_type: 'text', ...dto });
  }

  /** The send statements run while `work` runs: when each started and ended, by start. */
  async function sendStatementsDuring<T>(work: () => Promise<T>): Promise<[T, number[][]]> {
    const statements = t.app.get(PreparedStatements);
    const query = statements.query.bind(statements);
    const spans: number[][] = [];
    const spy = jest.spyOn(statements, 'query').mockImplementation(async (statement, values) => {
      const start = performance.now();
      try {
        return await query(statement, values);
      } finally {
        if (statement.name.startsWith('party_send')) spans.push([start, performance.now()]);
      }
    });
    try {
      const result = await work();
      return [result, spans.sort((a, b) => a[0] - b[0])];
    } finally {
      spy.mockRestore();
    }
  }

  async function seqsOf(conversationOf: string): Promise<number[]> {
    return withClient(t.databaseUrl, async (client) => {
      const { rows } = await client.query<{ seq: number }>(
        `SELECT m.seq FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.group_id = $1 ORDER BY m.seq`,
        [conversationOf],
      );
      return rows.map((row) => row.seq);
    });
  }

  it('sends of one turn share one statement and take consecutive seqs', async () => {
    const before = (await seqsOf(groupId)).length;
    const [answers, statements] = await sendStatementsDuring(() =>
      Promise.all([
        send(alice, { to_group: groupId, content: 'one' }),
        send(bob, { to_group: groupId, content: 'two' }),
        send(carol, { to_group: groupId, content: 'three' }),
        send(alice, { to_user: bob.id, content: 'private' }),
      ]),
    );
    expect(answers.map((a) => a.created)).toEqual([true, true, true, true]);
    // The three group sends went out together, the private one in its own kind's batch.
    expect(statements).toHaveLength(2);
    expect(answers.slice(0, 3).map((a) => a.message.seq)).toEqual([
      before + 1,
      before + 2,
      before + 3,
    ]);
    expect(await seqsOf(groupId)).toEqual(Array.from({ length: before + 3 }, (_, i) => i + 1));
  });

  it('a repeated client_msg_id inside a batch stores one message and answers it to both', async () => {
    const [answers, statements] = await sendStatementsDuring(() =>
      Promise.all([
        send(alice, { to_group: groupId, content: 'once', client_msg_id: 'batch-retry-1' }),
        send(alice, { to_group: groupId, content: 'once', client_msg_id: 'batch-retry-1' }),
        send(bob, { to_group: groupId, content: 'beside it' }),
      ]),
    );
    const [first, retry, other] = answers;
    expect(first.created).toBe(true);
    expect(retry.created).toBe(false);
    expect(retry.message.id).toBe(first.message.id);
    expect(retry.message.seq).toBe(first.message.seq);
    expect(other.created).toBe(true);
    // The repeat waited for the next batch, after the first one's, and found it stored there.
    expect(statements).toHaveLength(2);
    expect(statements[1][0]).toBeGreaterThanOrEqual(statements[0][1]);
    const stored = await withClient(t.databaseUrl, (client) =>
      client.query(`SELECT count(*)::int AS n FROM messages WHERE client_msg_id = 'batch-retry-1'`),
    );
    expect((stored.rows[0] as { n: number }).n).toBe(1);
  });

  it('a send its rules refuse is refused alone; the rest of its batch is stored', async () => {
    const before = (await seqsOf(groupId)).length;
    const [answers, statements] = await sendStatementsDuring(() =>
      Promise.allSettled([
        send(alice, { to_group: groupId, content: 'fine' }),
        send(dave, { to_group: groupId, content: 'not a member' }),
        send(bob, { to_group: groupId, content: 'also fine' }),
      ]),
    );
    expect(statements).toHaveLength(1);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (answers[1] as PromiseRejectedResult).reason as DomainError;
    expect(refusal).toBeInstanceOf(DomainError);
    expect([refusal.status, refusal.code]).toEqual([422, 'not_addable']);
    expect(await seqsOf(groupId)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('a send the database refuses fails alone: its batch runs again send by send', async () => {
    // A fault in the database itself: any message with this content cannot be stored.
    await withClient(t.databaseUrl, (client) =>
      client.query(`
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'poisoned message'; END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON messages
          FOR EACH ROW WHEN (NEW.content = 'poison') EXECUTE FUNCTION refuse_poison();`),
    );
    try {
      const before = (await seqsOf(groupId)).length;
      const [answers, statements] = await sendStatementsDuring(() =>
        Promise.allSettled([
          send(alice, { to_group: groupId, content: 'before' }),
          send(bob, { to_group: groupId, content: 'poison' }),
          send(carol, { to_group: groupId, content: 'after' }),
        ]),
      );
      // The batch, then each of its three sends alone.
      expect(statements).toHaveLength(4);
      expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const stored = answers
        .filter((a) => a.status === 'fulfilled')
        .map((a) => (a as PromiseFulfilledResult<{ message: { seq: number } }>).value.message.seq);
      expect(stored).toEqual([before + 1, before + 2]);
      expect(await seqsOf(groupId)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
    } finally {
      await withClient(t.databaseUrl, (client) =>
        client.query('DROP TRIGGER refuse_poison ON messages; DROP FUNCTION refuse_poison()'),
      );
    }
  });

  // A server's sessions: the embedded database serves every connection from one session.
  onServer('a batch whose connection is lost is answered 503 and never run again', async () => {
    const before = (await seqsOf(groupId)).length;
    const statements = t.app.get(PreparedStatements);
    const query = statements.query.bind(statements);
    const batches: string[] = [];
    const spy = jest.spyOn(statements, 'query').mockImplementation((statement, values) => {
      if (statement.name.startsWith('party_send')) batches.push(String(values?.[0]));
      return query(statement, values);
    });
    // The group's conversation is held, so the batches wait on its lock until they are cut off.
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM conversations WHERE group_id = $1 FOR UPDATE', [groupId]);
      const sends = Promise.allSettled([
        send(alice, { to_group: groupId, content: 'cut-1' }),
        send(bob, { to_group: groupId, content: 'cut-2' }),
        send(carol, { to_group: groupId, content: 'cut-3' }),
      ]);
      const overHttp = t.post(
        'messages',
        { to_group: groupId, content: 'cut-4' },
        { token: bob.token },
      );
      await waitForLockWaiters(holder, 2);
      await holder.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      const answers = await sends;
      expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const answer of answers) {
        expect(isOutageError((answer as PromiseRejectedResult).reason)).toBe(true);
      }
      const http = await overHttp;
      expect([http.status, http.body.code]).toEqual([503, 'service_unavailable']);
      expect(http.headers.get('retry-after')).not.toBeNull();
    } finally {
      spy.mockRestore();
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // Each send went to the database once, in its batch: none was run again on its own.
    for (const content of ['cut-1', 'cut-2', 'cut-3', 'cut-4']) {
      expect(batches.filter((batch) => batch.includes(`"${content}"`))).toHaveLength(1);
    }
    // Nothing of the cut batches was stored, no seq was spent, and the next send goes through.
    expect(await seqsOf(groupId)).toHaveLength(before);
    const next = await send(alice, { to_group: groupId, content: 'after the cut' });
    expect(next.message.seq).toBe(before + 1);
  });

  it('10,000 concurrent sends into 10 conversations: every seq once, no gap', async () => {
    const users = [alice, bob, carol];
    const groups = [groupId];
    for (let i = 1; i < 5; i += 1) groups.push(await createGroup(t, alice, [bob, carol]));
    await befriend(t, alice, carol);
    await befriend(t, bob, carol);
    // Five groups and five private pairs (both directions of a pair are one conversation).
    await befriend(t, dave, alice);
    await befriend(t, dave, bob);
    const pairs: [TestUser, TestUser][] = [
      [alice, bob],
      [alice, carol],
      [bob, carol],
      [dave, alice],
      [dave, bob],
    ];
    const total = 10_000;
    const inFlight = 200;
    const seen = await withClient(t.databaseUrl, async (client) => {
      const { rows } = await client.query<{ id: string; last_seq: number }>(
        'SELECT id, last_seq FROM conversations',
      );
      return new Map(rows.map((row) => [row.id, row.last_seq]));
    });
    let next = 0;
    const statuses: number[] = [];
    const [, statements] = await sendStatementsDuring(async () => {
      const worker = async () => {
        while (next < total) {
          const i = next++;
          const [sender, body] = sendNumber(i, users, groups, pairs);
          const res = await t.post('messages', body, { token: sender.token });
          statuses.push(res.status);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
    });
    expect(statuses.filter((s) => s === 201)).toHaveLength(total);
    // Batching happened: fewer statements than sends.
    expect(statements.length).toBeLessThan(total);
    const conversations = await withClient(t.databaseUrl, async (client) => {
      const { rows } = await client.query<{
        id: string;
        last_seq: number;
        seqs: number[];
        events: number[];
      }>(`
        SELECT c.id, c.last_seq,
               ARRAY(SELECT seq FROM messages m WHERE m.conversation_id = c.id ORDER BY seq) AS seqs,
               ARRAY(SELECT (e.data->>'seq')::int FROM event_log e
                      WHERE e.type = 'message.created' AND e.data->>'conversation_id' = c.id::text
                      ORDER BY e.id) AS events
          FROM conversations c`);
      return rows;
    });
    const touched = conversations.filter((c) => c.last_seq !== (seen.get(c.id) ?? 0));
    expect(touched).toHaveLength(10);
    let added = 0;
    for (const c of touched) {
      expect(c.seqs).toEqual(Array.from({ length: c.last_seq }, (_, i) => i + 1));
      // One event per message, in seq order.
      expect(c.events).toEqual(c.seqs);
      added += c.last_seq - (seen.get(c.id) ?? 0);
    }
    expect(added).toBe(total);
  }, 300_000);
});

/** Send `i`: even ones go to the five groups, odd ones to the five pairs, either way round. */
function sendNumber(
  i: number,
  users: TestUser[],
  groups: string[],
  pairs: [TestUser, TestUser][],
): [TestUser, object] {
  const conversation = Math.floor(i / 2) % 5;
  if (i % 2 === 0) return [users[i % 3], { to_group: groups[conversation], content: `g${i}` }];
  const [a, b] = pairs[conversation];
  const [sender, recipient] = Math.floor(i / 10) % 2 === 0 ? [a, b] : [b, a];
  return [sender, { to_user: recipient.id, content: `p${i}` }];
}

/** Waits until `count` sessions of the test database wait on a lock (the held conversation). */
async function waitForLockWaiters(client: Client, count: number): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} sessions waited on the lock`);
}
