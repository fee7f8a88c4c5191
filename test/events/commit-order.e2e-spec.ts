import { Client } from 'pg';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { drain, startCursor } from './realtime-support';

const TRANSACTIONS = 50;

/**
 * Sequence ids are taken at insert, but transactions commit in another order: a reader that
 * passed id 51 while id 50 was uncommitted would lose 50. Here 50 transactions each write one
 * event for Bob, in id order, and commit in reverse order while Bob follows the log.
 */
describe('event log: cursors survive out-of-order commits', () => {
  let t: TestApp;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    bob = await createUser(t);
  });
  afterAll(() => t.close());

  const shared = process.env.DATABASE_URL ? it : it.skip;

  shared(
    'loses nothing and repeats nothing while 50 transactions commit out of order',
    async () => {
      let cursor = await startCursor(t, bob.token);
      const clients: Client[] = [];
      for (let i = 0; i < TRANSACTIONS; i += 1) {
        const client = new Client({ connectionString: t.databaseUrl });
        await client.connect();
        clients.push(client);
      }
      try {
        for (const [index, client] of clients.entries()) {
          await client.query('BEGIN');
          await client.query(
            `WITH e AS (
             INSERT INTO event_log (type, data) VALUES ('notification.created', $1) RETURNING id, xid
           ) INSERT INTO event_recipients (user_id, xid, event_id) SELECT $2, xid, id FROM e`,
            [JSON.stringify({ n: index }), bob.id],
          );
        }
        const seen: number[] = [];
        const ids = new Set<string>();
        const follow = async () => {
          const page = await drain(t, bob.token, cursor, { settle: false });
          cursor = page.cursor;
          for (const event of page.events) {
            expect(ids.has(event.id)).toBe(false);
            ids.add(event.id);
            seen.push(event.data.n as number);
          }
        };
        // Commit the newest first, reading between commits: the readers must never skip ahead.
        for (let index = TRANSACTIONS - 1; index >= 0; index -= 1) {
          await clients[index].query('COMMIT');
          if (index % 5 === 0) await follow();
        }
        await follow();
        expect([...seen].sort((a, b) => a - b)).toEqual([...Array(TRANSACTIONS).keys()]);
      } finally {
        await Promise.all(clients.map((client) => client.end()));
      }
    },
  );

  shared(
    'is not held back by a transaction left open in another database of the server',
    async () => {
      const alice = await createUser(t);
      const cursor = await startCursor(t, bob.token);
      const elsewhere = new Client({ connectionString: process.env.DATABASE_URL });
      await elsewhere.connect();
      try {
        await elsewhere.query('BEGIN');
        await elsewhere.query('SELECT pg_current_xact_id()');
        const sent = await t.post(
          'messages',
          { to_user: bob.id, message_type: 'text', content: 'not stuck' },
          { token: alice.token },
        );
        expect(sent.status).toBe(201);
        const page = await t.get('events', { token: bob.token, query: { cursor, timeout: 5 } });
        expect(page.body.data.map((e: any) => e.data.id)).toContain(sent.body.id);
      } finally {
        await elsewhere.query('ROLLBACK');
        await elsewhere.end();
      }
    },
  );
});
