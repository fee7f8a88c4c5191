import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { sha256Hex } from '../../src/common/crypto/secrets';
import { USER_SCOPES } from '../../src/common/http/request-principal';
import { checkConsistency } from '../../src/database/consistency-check';
import { befriend, sendRequest } from '../contact/contact-test-kit';
import { createGroup } from '../group/group-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp, withClient } from '../support/test-app';

/**
 * The message module's copies (conversations, memberships, is_friend, muted) and system messages
 * are written in the transaction of the group or contact fact they copy (DESIGN.md §6). A fault
 * in the copy must leave the fact unwritten too, and so must a crash while the copy is written.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A uuid as an SQL literal (for trigger conditions, which take no parameters). */
function literal(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
}

const FAULT_FUNCTION = `CREATE OR REPLACE FUNCTION injected_fault() RETURNS trigger
  LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault on %', TG_TABLE_NAME; END $$`;

describe('the copies commit with their facts or not at all', () => {
  let t: TestApp;
  let db: Client;
  let owner: TestUser;
  let member: TestUser;
  let other: TestUser;
  let outsider: TestUser;

  /** Runs `work` while every `event` on `table` whose row matches `when` raises. */
  async function withFault<T>(
    event: 'INSERT' | 'UPDATE',
    table: 'conversation_members' | 'messages',
    when: string,
    work: () => Promise<T>,
  ): Promise<T> {
    await db.query(
      `CREATE TRIGGER injected_fault BEFORE ${event} ON ${table}
       FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION injected_fault()`,
    );
    try {
      return await work();
    } finally {
      await db.query(`DROP TRIGGER injected_fault ON ${table}`);
    }
  }

  /** The request failed on the injected fault, and said nothing about it. */
  function expectInternalError(res: { status: number; body: { code?: string }; text: string }) {
    expect([res.status, res.body.code]).toEqual([500, 'internal_error']);
    expect(res.text).not.toContain('injected');
  }

  const count = async (sql: string, params: unknown[]) =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

  /** System messages of `type` in the group's conversation. */
  const notices = (groupId: string, type: string) =>
    count(
      `messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.group_id = $1 AND m.message_type = $2`,
      [groupId, type],
    );

  /** `user`'s row in the group (state) and in its conversation (active), or nulls. */
  async function memberships(groupId: string, user: TestUser) {
    const rows = await db.query(
      `SELECT (SELECT state FROM group_members WHERE group_id = $1 AND user_id = $2) AS group_state,
              (SELECT m.active FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.group_id = $1 AND m.user_id = $2) AS conversation_active`,
      [groupId, user.id],
    );
    return rows.rows[0] as { group_state: string | null; conversation_active: boolean | null };
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(FAULT_FUNCTION);
    [owner, member, other, outsider] = await Promise.all(
      ['Owner', 'Member', 'Other', 'Outsider'].map((nickname) => createUser(t, { nickname })),
    );
  });
  afterAll(async () => {
    await db?.end();
    await t.close(); // runs the consistency check: nothing the faults interrupted disagrees
  });

  it('creates no group when its conversation cannot be written', async () => {
    const before = await count('groups', []);
    const res = await withFault(
      'INSERT',
      'conversation_members',
      `NEW.user_id = ${literal(other.id)}`,
      () =>
        t.post(
          'groups',
          { name: 'Never', user_ids: [member.id, other.id] },
          { token: owner.token },
        ),
    );
    expectInternalError(res);
    expect(await count('groups', [])).toBe(before);
    expect(await count("groups WHERE name = 'Never'", [])).toBe(0);
    expect(await count('group_members WHERE user_id = $1', [other.id])).toBe(0);
    expect(await count("conversations WHERE name = 'Never'", [])).toBe(0);
    const mine = await t.get('groups', { token: owner.token });
    expect(mine.body.data.map((g: { name: string }) => g.name)).not.toContain('Never');
  });

  it('adds no member when his conversation membership cannot be written', async () => {
    const groupId = await createGroup(t, owner, [member, other], 'Adders');
    const ids = async () =>
      (await t.get(`groups/${groupId}/member-ids`, { token: owner.token })).body.participant_ids;
    const before = await ids();
    const res = await withFault(
      'INSERT',
      'conversation_members',
      `NEW.user_id = ${literal(outsider.id)}`,
      () =>
        t.post(`groups/${groupId}/members`, { user_ids: [outsider.id] }, { token: owner.token }),
    );
    expectInternalError(res);
    expect(await ids()).toEqual(before);
    expect(await memberships(groupId, outsider)).toEqual({
      group_state: null,
      conversation_active: null,
    });
    expect(await notices(groupId, 'member_added')).toBe(0);
  });

  it('keeps the request pending and makes no friends when the acceptance notice cannot be written', async () => {
    const requestId = await sendRequest(t, outsider, member);
    const res = await withFault('INSERT', 'messages', "NEW.message_type = 'friend_accepted'", () =>
      t.post(`friend-requests/${requestId}/accept`, undefined, { token: member.token }),
    );
    expectInternalError(res);
    expect((await t.get(`friendships/with/${outsider.id}`, { token: member.token })).status).toBe(
      404,
    );
    expect(await count('friendships WHERE user_id IN ($1, $2)', [outsider.id, member.id])).toBe(0);
    const received = await t.get('friend-requests/received', { token: member.token });
    expect(received.body.data.find((r: { id: string }) => r.id === requestId)).toMatchObject({
      state: 'pending',
    });
    expect(
      await count('conversation_members WHERE user_id = $1 AND peer_user_id = $2 AND is_friend', [
        member.id,
        outsider.id,
      ]),
    ).toBe(0);
    // Nothing was half done: the same acceptance goes through once the fault is gone.
    const again = await t.post(`friend-requests/${requestId}/accept`, undefined, {
      token: member.token,
    });
    expect(again.status).toBe(200);
  });

  it('keeps a member in both tables when the removal notice cannot be written', async () => {
    const groupId = await createGroup(t, owner, [member, other], 'Removers');
    const res = await withFault('INSERT', 'messages', "NEW.message_type = 'member_removed'", () =>
      t.delete(`groups/${groupId}/members/${other.id}`, { token: owner.token }),
    );
    expectInternalError(res);
    expect(await memberships(groupId, other)).toEqual({
      group_state: 'active',
      conversation_active: true,
    });
    const sent = await t.post(
      'messages',
      { to_group: groupId, content: 'still here' },
      { token: other.token },
    );
    expect(sent.status).toBe(201);
  });

  it('leaves a group unblocked when the conversation cannot be muted', async () => {
    const groupId = await createGroup(t, owner, [member, other], 'Blockers');
    const res = await withFault(
      'UPDATE',
      'conversation_members',
      'NEW.muted AND NOT OLD.muted',
      () => t.post(`groups/${groupId}/block`, undefined, { token: member.token }),
    );
    expectInternalError(res);
    expect((await t.get(`groups/${groupId}`, { token: member.token })).body.blocked).toBe(false);
    expect(
      await count('group_members WHERE group_id = $1 AND blocked_at IS NOT NULL', [groupId]),
    ).toBe(0);
  });

  it('keeps a friendship when the conversation cannot forget it', async () => {
    await befriend(t, owner, other);
    const friendship = await t.get(`friendships/with/${other.id}`, { token: owner.token });
    const res = await withFault(
      'UPDATE',
      'conversation_members',
      'OLD.is_friend AND NOT NEW.is_friend',
      () => t.delete(`friendships/${friendship.body.id}`, { token: owner.token }),
    );
    expectInternalError(res);
    expect((await t.get(`friendships/with/${other.id}`, { token: owner.token })).status).toBe(200);
    expect((await t.get(`friendships/with/${owner.id}`, { token: other.token })).status).toBe(200);
  });

  it('undoes the whole merge when the source group cannot be told', async () => {
    const target = await createGroup(t, owner, [member, other], 'Target');
    const source = await createGroup(t, owner, [outsider, member], 'Source');
    const asked = await t.post(
      `groups/${source}/merge-requests`,
      { target_group_id: target },
      { token: owner.token },
    );
    expect(asked.status).toBe(201);
    const sourceConversation = (
      await db.query('SELECT id FROM conversations WHERE group_id = $1', [source])
    ).rows[0].id as string;
    const res = await withFault(
      'INSERT',
      'messages',
      `NEW.message_type = 'groups_merged' AND NEW.conversation_id = ${literal(sourceConversation)}`,
      () =>
        t.post(`group-merge-requests/${asked.body.id}/accept`, undefined, { token: owner.token }),
    );
    expectInternalError(res);
    // The target's side (admission and notice) was written before the fault: gone with it.
    expect(await memberships(target, outsider)).toEqual({
      group_state: null,
      conversation_active: null,
    });
    expect(await notices(target, 'groups_merged')).toBe(0);
    expect(await notices(source, 'groups_merged')).toBe(0);
    expect((await t.get(`groups/${source}`, { token: owner.token })).body.status).toBe('active');
    const requests = await t.get('group-merge-requests', { token: owner.token });
    expect(requests.body.data.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({
      state: 'pending',
    });
  });
});

// ---------------------------------------------------------------------------------------------

async function until<T>(what: string, seconds: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const serverUrl = process.env.DATABASE_URL;

/**
 * A real crash: the server (src/main.ts, as `npm start` runs it but from source) is killed with
 * SIGKILL while its transaction waits inside the insert of the group's first system message.
 * Needs a PostgreSQL server of its own (DATABASE_URL): the embedded one would die with the process.
 */
(serverUrl ? describe : describe.skip)('a server killed while it writes the copy', () => {
  const name = `party_crash_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'party-crash-'));
  let url: string;
  let db: Client;
  let child: ChildProcess | null = null;
  let base: string;

  async function seedUser(nickname: string): Promise<{ id: string; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const username = `c${randomBytes(5).toString('hex')}`;
    const user = await db.query<{ id: string }>(
      `INSERT INTO users (username, username_lower, password_hash, nickname, time_zone)
       VALUES ($1, $1, 'no-password', $2, 'UTC') RETURNING id`,
      [username, nickname],
    );
    const id = user.rows[0].id;
    await db.query(
      `INSERT INTO oauth_tokens (access_token_hash, family_id, user_id, scopes, grant_type)
       VALUES ($1, gen_random_uuid(), $2, $3, 'password')`,
      [sha256Hex(token), id, USER_SCOPES],
    );
    return { id, token };
  }

  const createGroupRequest = (token: string, body: unknown) =>
    fetch(`${base}/api/party/groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Backends on the crash database other than ours. */
  const backends = async () =>
    (
      await db.query<{ pid: number; wait_event: string | null; query: string }>(
        `SELECT pid, wait_event, query FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      )
    ).rows;

  beforeAll(async () => {
    await withClient(serverUrl as string, (admin) => admin.query(`CREATE DATABASE ${name}`));
    const parsed = new URL(serverUrl as string);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    db = new Client({ connectionString: url });
    await db.connect();
    const { REDIS_URL: _redis, ...env } = process.env;
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join('src', 'main.ts')],
      {
        cwd: join(__dirname, '..', '..'),
        env: {
          ...env,
          NODE_ENV: 'test',
          DATABASE_URL: url,
          DATABASE_POOL_SIZE: '2',
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // It listens on a port of its choosing and says which.
    base = await until('the server says where it listens', 120, () => {
      if (child?.exitCode !== null) throw new Error(`server exited with ${child?.exitCode}`);
      return Promise.resolve(/Party listening on (http:\/\/\S+)/.exec(output)?.[1] ?? null);
    });
    const health = await fetch(`${base}/api/party/health`);
    expect(health.status).toBe(200);
  }, 150_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await db?.end();
    await withClient(serverUrl as string, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves neither the group nor its conversation, and the check clean', async () => {
    const [owner, a, b] = [await seedUser('Owner'), await seedUser('A'), await seedUser('B')];
    const kept = await createGroupRequest(owner.token, { name: 'Kept', user_ids: [a.id, b.id] });
    expect(kept.status).toBe(201);
    const keptId = ((await kept.json()) as { id: string }).id;

    await db.query(`CREATE FUNCTION crash_window() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(10); RETURN NEW; END $$`);
    await db.query(`CREATE TRIGGER crash_window BEFORE INSERT ON messages FOR EACH ROW
      WHEN (NEW.message_type = 'group_created' AND NEW.details->>'name' = 'Doomed')
      EXECUTE FUNCTION crash_window()`);
    const doomed = createGroupRequest(owner.token, { name: 'Doomed', user_ids: [a.id, b.id] });
    doomed.catch(() => undefined); // the server dies before it answers
    const sleeper = await until('the server sleeps inside the message insert', 30, async () => {
      const found = (await backends()).find((row) => row.wait_event === 'PgSleep');
      return found ?? null;
    });
    expect(sleeper.query).toMatch(/INSERT INTO messages/);
    // The group's rows are written by then, in the same open transaction: nobody sees them yet.
    expect((await db.query("SELECT 1 FROM groups WHERE name = 'Doomed'")).rowCount).toBe(0);

    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    child = null;
    await until('the killed server backends end', 40, async () =>
      (await backends()).length === 0 ? true : null,
    );
    await expect(doomed).rejects.toThrow();

    expect((await db.query("SELECT 1 FROM groups WHERE name = 'Doomed'")).rowCount).toBe(0);
    expect(
      (
        await db.query(
          `SELECT 1 FROM group_members m WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = m.group_id)`,
        )
      ).rowCount,
    ).toBe(0);
    expect((await db.query("SELECT 1 FROM conversations WHERE name = 'Doomed'")).rowCount).toBe(0);
    expect(
      (await db.query("SELECT 1 FROM messages WHERE details->>'name' = 'Doomed'")).rowCount,
    ).toBe(0);
    expect(
      (await db.query('SELECT 1 FROM conversations WHERE group_id = $1', [keptId])).rowCount,
    ).toBe(1);
    expect(await checkConsistency(db)).toEqual([]);
  }, 90_000);
});
