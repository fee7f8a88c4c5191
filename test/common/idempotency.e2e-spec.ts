import { refusedQuery } from '../support/database-fault';
import { Client } from 'pg';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp, withClient } from '../support/test-app';

type QueryFn = (...args: unknown[]) => unknown;

/**
 * The fault tests hold locks from a second session and fail connections under a running request:
 * the embedded database serves every connection from one session, so they need a server.
 */
const onServer = process.env.DATABASE_URL ? it : it.skip;

describe('Idempotency-Key on creating POSTs', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const prototype = Client.prototype as unknown as { query: QueryFn };
  const original = prototype.query;
  let armed = false;
  let down = false;
  /** Goes down instead of running the group's INSERT (nothing of the request commits). */
  let downBeforeInsert = false;

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob, carol] = [
      await createUser(t, { nickname: 'Alice' }),
      await createUser(t, { nickname: 'Bob' }),
      await createUser(t, { nickname: 'Carol' }),
    ];
    // The fault of send-after-commit: the database goes away the moment a COMMIT succeeds.
    prototype.query = function (this: Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : '';
      if (downBeforeInsert && text.startsWith('INSERT INTO "groups"')) {
        downBeforeInsert = false;
        down = true;
      }
      if (down) return refusedQuery(args);
      const result = original.apply(this, args);
      if (armed && args[0] === 'COMMIT') {
        armed = false;
        void (result as Promise<unknown>).then(() => {
          down = true;
        });
      }
      return result;
    };
  });

  afterEach(() => {
    armed = false;
    down = false;
    downBeforeInsert = false;
  });

  afterAll(async () => {
    prototype.query = original;
    await t.close();
  });

  function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return withClient(
      t.databaseUrl,
      async (client) => (await client.query(text, params)).rows as T[],
    );
  }

  async function groupsNamed(name: string): Promise<number> {
    const rows = await sql<{ n: number }>('SELECT count(*)::int AS n FROM groups WHERE name = $1', [
      name,
    ]);
    return rows[0].n;
  }

  const createGroup = (name: string, key?: string, user = alice, members = [bob, carol]) =>
    t.post(
      'groups',
      { name, user_ids: members.map((m) => m.id) },
      { token: user.token, headers: key ? { 'idempotency-key': key } : {} },
    );

  it('a retry with the same key and body gets the first answer again and creates nothing', async () => {
    const first = await createGroup('Replay', 'key-replay-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await createGroup('Replay', 'key-replay-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await groupsNamed('Replay')).toBe(1);
  });

  it('the same body in another field order is the same request', async () => {
    const first = await t.post(
      'groups',
      { name: 'Order', user_ids: [bob.id, carol.id] },
      { token: alice.token, headers: { 'idempotency-key': 'key-order' } },
    );
    const again = await t.post(
      'groups',
      { user_ids: [bob.id, carol.id], name: 'Order' },
      { token: alice.token, headers: { 'idempotency-key': 'key-order' } },
    );
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await groupsNamed('Order')).toBe(1);
  });

  it('the same key with another body is 422 idempotency_key_reused and changes nothing', async () => {
    expect((await createGroup('Reused A', 'key-reused')).status).toBe(201);
    const other = await createGroup('Reused B', 'key-reused');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await groupsNamed('Reused B')).toBe(0);
  });

  it('the same key on another route is 422 too', async () => {
    expect((await createGroup('Route', 'key-route')).status).toBe(201);
    const notice = await t.post(
      'friend-lists',
      { name: 'Route' },
      { token: alice.token, headers: { 'idempotency-key': 'key-route' } },
    );
    expect(notice.status).toBe(422);
    expect(notice.body.code).toBe('idempotency_key_reused');
  });

  it('keys belong to their caller: another user with the same key creates his own', async () => {
    const mine = await createGroup('Per caller', 'key-shared', alice, [bob, carol]);
    const his = await createGroup('Per caller', 'key-shared', bob, [alice, carol]);
    expect(his.status).toBe(201);
    expect(his.body.id).not.toBe(mine.body.id);
    expect(his.headers.get('idempotent-replayed')).toBeNull();
    expect(await groupsNamed('Per caller')).toBe(2);
  });

  it('without a key every POST creates', async () => {
    await createGroup('No key');
    await createGroup('No key');
    expect(await groupsNamed('No key')).toBe(2);
  });

  it('a malformed key is a 400 naming the header', async () => {
    const res = await createGroup('Bad key', 'x'.repeat(256));
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('Idempotency-Key');
    const spaced = await createGroup('Bad key', 'has space');
    expect(spaced.status).toBe(400);
    expect(await groupsNamed('Bad key')).toBe(0);
  });

  it('a request refused before anything was written frees its key for the corrected retry', async () => {
    const refused = await t.post(
      'groups',
      { name: 'Corrected', user_ids: [bob.id, '00000000-0000-4000-8000-000000000000'] },
      { token: alice.token, headers: { 'idempotency-key': 'key-corrected' } },
    );
    expect(refused.status).toBe(422);
    const corrected = await createGroup('Corrected', 'key-corrected');
    expect(corrected.status).toBe(201);
    expect(await groupsNamed('Corrected')).toBe(1);
  });

  onServer(
    'a duplicate while the first request still runs is 409 idempotency_key_in_use',
    async () => {
      // Another session holds the groups table, so the first request waits inside its work.
      const blocker = new Client({ connectionString: t.databaseUrl });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE groups IN EXCLUSIVE MODE');
        const first = createGroup('Concurrent', 'key-concurrent');
        for (;;) {
          const rows = await sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM idempotency_keys WHERE status = 'in_progress'`,
          );
          if (rows[0].n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const duplicate = await createGroup('Concurrent', 'key-concurrent');
        expect(duplicate.status).toBe(409);
        expect(duplicate.body.code).toBe('idempotency_key_in_use');
        await blocker.query('COMMIT');
        expect((await first).status).toBe(201);
      } finally {
        await blocker.end();
      }
      expect(await groupsNamed('Concurrent')).toBe(1);
      const replay = await createGroup('Concurrent', 'key-concurrent');
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    },
  );

  onServer('answered 5xx after its commit, then retried: still one group', async () => {
    armed = true;
    const first = await createGroup('After commit', 'key-after-commit');
    expect(down).toBe(true);
    down = false;
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(await groupsNamed('After commit')).toBe(1);
    // The first request's lease still runs: a retry now is told to wait.
    const soon = await createGroup('After commit', 'key-after-commit');
    expect(soon.status).toBe(409);
    expect(soon.body.code).toBe('idempotency_key_in_use');
    // Once its lease is over, the key says it was carried out; it is never run again.
    await sql(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second'`);
    const later = await createGroup('After commit', 'key-after-commit');
    expect(later.status).toBe(409);
    expect(later.body.code).toBe('idempotency_request_committed');
    expect(await groupsNamed('After commit')).toBe(1);
  });

  onServer('a first request that failed before committing is run again by its retry', async () => {
    downBeforeInsert = true;
    const first = await createGroup('Stale', 'key-stale');
    expect(down).toBe(true);
    down = false;
    expect(first.status).toBe(503);
    // A real outage ends the sessions; the faked one left its transaction open on the server.
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(await groupsNamed('Stale')).toBe(0);
    // Its key could not even be freed (the database was gone): held until its lease ends.
    expect((await createGroup('Stale', 'key-stale')).body.code).toBe('idempotency_key_in_use');
    await sql(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second'`);
    const retry = await createGroup('Stale', 'key-stale');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await groupsNamed('Stale')).toBe(1);
  });

  it('other creating routes replay too: friend requests, friend lists, apps', async () => {
    const dave = await createUser(t);
    const request = () =>
      t.post(
        'friend-requests',
        { friend_id: dave.id, message: 'hi' },
        { token: alice.token, headers: { 'idempotency-key': 'key-fr' } },
      );
    const first = await request();
    const again = await request();
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const list = () =>
      t.post(
        'friend-lists',
        { name: 'Work' },
        { token: alice.token, headers: { 'idempotency-key': 'key-fl' } },
      );
    const firstList = await list();
    expect(firstList.status).toBe(201);
    expect((await list()).body.id).toBe(firstList.body.id);
    const lists = await t.get('friend-lists', { token: alice.token });
    expect(lists.body.data.filter((l: { name: string }) => l.name === 'Work')).toHaveLength(1);
  });

  it('an upload replays too: one stored file for two tries with the same key', async () => {
    const upload = () => {
      const body = new FormData();
      body.append(
        'file',
        new Blob([Buffer.from('idempotent upload\n')], { type: 'text/plain' }),
        'a.txt',
      );
      return t.post('files', body, {
        token: alice.token,
        headers: { 'idempotency-key': 'key-upload' },
      });
    };
    const first = await upload();
    expect(first.status).toBe(201);
    const again = await upload();
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const rows = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM message_files WHERE owner_id = $1',
      [alice.id],
    );
    expect(rows[0].n).toBe(1);
  });

  onServer(
    'a single-statement creation (a friend list) answered 5xx after its commit is not repeated',
    async () => {
      armed = true;
      const first = await t.post(
        'friend-lists',
        { name: 'Committed list' },
        { token: bob.token, headers: { 'idempotency-key': 'key-list-commit' } },
      );
      expect(down).toBe(true);
      down = false;
      expect(first.status).toBeGreaterThanOrEqual(500);
      await sql(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second'`);
      const retry = await t.post(
        'friend-lists',
        { name: 'Committed list' },
        { token: bob.token, headers: { 'idempotency-key': 'key-list-commit' } },
      );
      expect(retry.body.code).toBe('idempotency_request_committed');
      const rows = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM friend_lists WHERE name = 'Committed list'`,
      );
      expect(rows[0].n).toBe(1);
    },
  );

  it('a stored answer is sealed: a secret shown once is not readable from the table', async () => {
    const app = () =>
      t.post(
        'apps',
        {
          name: 'Sealed app',
          redirect_uris: ['https://app.example.com/cb'],
          scopes: ['party_user'],
        },
        { token: alice.token, headers: { 'idempotency-key': 'key-app' } },
      );
    const first = await app();
    expect(first.status).toBe(201);
    const secret: string = first.body.client_secret;
    expect(secret).toBeTruthy();
    const again = await app();
    expect(again.body.client_secret).toBe(secret);
    const rows = await sql<{ response: string; key_hash: string }>(
      `SELECT response, key_hash FROM idempotency_keys WHERE route = 'POST /api/party/apps'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].response).not.toContain(secret);
    expect(Buffer.from(rows[0].response, 'base64').toString('latin1')).not.toContain(secret);
    expect(rows[0].key_hash).not.toContain('key-app');
  });
});
