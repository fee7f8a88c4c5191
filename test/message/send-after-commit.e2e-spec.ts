import { refusedQuery } from '../support/database-fault';
import { Client } from 'pg';
import { befriend } from '../contact/contact-test-kit';
import { createGroup } from '../group/group-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp, withClient } from '../support/test-app';

type QueryFn = (...args: unknown[]) => unknown;

/**
 * A send that committed is answered with its message, never a 5xx: the database goes away the
 * moment the send commits (its single statement, or its transaction's COMMIT) (every later statement fails as if the server were
 * unreachable), and the answer must still be the 201 with the stored message.
 */
describe('a committed send is never answered 5xx', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let groupId: string;
  const prototype = Client.prototype as unknown as { query: QueryFn };
  const original = prototype.query;
  let armed = false;
  let down = false;

  /** A statement that commits a send: a COMMIT, or a hot path's single statement. */
  function commitsASend(args: unknown[]): boolean {
    const first = args[0];
    if (first === 'COMMIT') return true;
    const name = (first as { name?: string } | null)?.name;
    return typeof name === 'string' && name.startsWith('party_send');
  }

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob, carol] = [
      await createUser(t, { nickname: 'Alice' }),
      await createUser(t, { nickname: 'Bob' }),
      await createUser(t, { nickname: 'Carol' }),
    ];
    await befriend(t, alice, bob);
    groupId = await createGroup(t, alice, [bob, carol]);
    prototype.query = function (this: Client, ...args: unknown[]) {
      if (down) return refusedQuery(args);
      const result = original.apply(this, args);
      if (armed && commitsASend(args)) {
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
  });

  afterAll(async () => {
    prototype.query = original;
    await t.close();
  });

  async function stored(id: string): Promise<number> {
    return withClient(t.databaseUrl, async (client) => {
      const rows = await client.query('SELECT count(*)::int AS n FROM messages WHERE id = $1', [
        id,
      ]);
      return (rows.rows[0] as { n: number }).n;
    });
  }

  it('a private message to a friend (his friendship moved to the top in the same commit)', async () => {
    armed = true;
    const res = await t.post(
      'messages',
      { to_user: bob.id, content: 'hi' },
      { token: alice.token },
    );
    expect(down).toBe(true);
    down = false;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ content: 'hi', sender: { id: alice.id, name: 'Alice' } });
    expect(await stored(res.body.id)).toBe(1);
    const friendship = await t.get(`friendships/with/${bob.id}`, { token: alice.token });
    expect(friendship.body.last_contacted_at).toBe(res.body.created_at);
  });

  it('a group message', async () => {
    armed = true;
    const res = await t.post(
      'messages',
      { to_group: groupId, content: 'all' },
      { token: bob.token },
    );
    expect(down).toBe(true);
    down = false;
    expect(res.status).toBe(201);
    expect(await stored(res.body.id)).toBe(1);
  });

  it('a screenshot notice', async () => {
    const sent = await t.post(
      'messages',
      { to_user: alice.id, content: 'x' },
      { token: bob.token },
    );
    armed = true;
    const res = await t.post(`messages/${sent.body.id}/screenshot`, undefined, {
      token: alice.token,
    });
    expect(down).toBe(true);
    down = false;
    expect(res.status).toBe(201);
    expect(res.body.message_type).toBe('screenshot');
    expect(await stored(res.body.id)).toBe(1);
  });
});
