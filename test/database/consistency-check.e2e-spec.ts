import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  checkConsistency,
  CONSISTENCY_CHECKS,
  formatConsistencyReport,
} from '../../src/database/consistency-check';
import { befriend } from '../contact/contact-test-kit';
import { createGroup } from '../group/group-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp, withClient } from '../support/test-app';

const root = join(__dirname, '..', '..');

/**
 * `npm run check:consistency` as an operator runs it, with `env` as its whole configuration.
 * Asynchronous: the embedded database the test app uses answers from this very process.
 */
function runCommand(
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _server, DATA_DIR: _dir, ...base } = process.env;
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/check-consistency.ts'],
    { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('consistency check (npm run check:consistency)', () => {
  let t: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let leaver: TestUser;
  let stranger: TestUser;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, member, leaver, stranger] = await Promise.all(
      ['Owner', 'Member', 'Leaver', 'Stranger'].map((nickname) => createUser(t, { nickname })),
    );
    groupId = await createGroup(t, owner, [member, leaver], 'Checked');
    await befriend(t, owner, member);
    const sent = await t.post(
      'messages',
      { to_user: stranger.id, content: 'hi' },
      { token: owner.token },
    );
    expect(sent.status).toBe(201);
    const blocked = await t.post(`groups/${groupId}/block`, undefined, { token: member.token });
    expect(blocked.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs `corrupt` in a transaction, checks inside it, and rolls it back. */
  async function checkAfter(corrupt: (db: Client) => Promise<unknown>) {
    return withClient(t.databaseUrl, async (db) => {
      await db.query('BEGIN');
      try {
        await corrupt(db);
        return await checkConsistency(db);
      } finally {
        await db.query('ROLLBACK');
      }
    });
  }

  /** Sets `user`'s is_friend flag in his direct conversation with `peer`. */
  const setFriendFlag = (db: Client, user: TestUser, peer: TestUser, isFriend: boolean) =>
    db.query(
      `UPDATE conversation_members m SET is_friend = $3 FROM conversations c
        WHERE c.id = m.conversation_id AND c.kind = 'direct' AND m.user_id = $1
          AND $2 IN (c.user_low, c.user_high)`,
      [user.id, peer.id, isFriend],
    );

  const conversationOf = async (db: Client) =>
    (await db.query('SELECT id FROM conversations WHERE group_id = $1', [groupId])).rows[0]
      .id as string;

  it('finds nothing on what the API wrote (a block, a friendship, a stranger, a group)', async () => {
    expect(await withClient(t.databaseUrl, (db) => checkConsistency(db))).toEqual([]);
    expect(formatConsistencyReport([])).toBe(
      `Consistency check: clean (${CONSISTENCY_CHECKS.length} checks)\n`,
    );
  });

  it('readmits a member who had blocked the group unmuted, as the group readmits him unblocked', async () => {
    expect(
      (await t.post(`groups/${groupId}/block`, undefined, { token: leaver.token })).status,
    ).toBe(200);
    expect(
      (await t.post(`groups/${groupId}/leave`, undefined, { token: leaver.token })).status,
    ).toBe(204);
    const back = await t.post(
      `groups/${groupId}/members`,
      { user_ids: [leaver.id] },
      { token: owner.token },
    );
    expect(back.status).toBe(201);
    const muted = await withClient(t.databaseUrl, async (db) =>
      db.query(
        `SELECT m.muted FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.group_id = $1 AND m.user_id = $2`,
        [groupId, leaver.id],
      ),
    );
    expect(muted.rows).toEqual([{ muted: false }]);
    expect(await withClient(t.databaseUrl, (db) => checkConsistency(db))).toEqual([]);
  });

  const corruptions: [string, string[], (db: Client) => Promise<unknown>][] = [
    [
      'a group row written without the message module',
      ['group_without_conversation'],
      (db) => db.query("INSERT INTO groups (name, owner_id) VALUES ('Orphan', $1)", [owner.id]),
    ],
    [
      'a group conversation whose group does not exist',
      ['conversation_without_group'],
      (db) =>
        db.query(
          "INSERT INTO conversations (kind, group_id, name) VALUES ('group', gen_random_uuid(), 'Ghost')",
        ),
    ],
    [
      'a rename the conversation missed',
      ['conversation_name_differs'],
      (db) => db.query("UPDATE conversations SET name = 'Stale' WHERE group_id = $1", [groupId]),
    ],
    [
      'a dissolution the conversation missed',
      ['conversation_status_differs'],
      (db) => db.query("UPDATE groups SET status = 'dissolved' WHERE id = $1", [groupId]),
    ],
    [
      'a removed member still active in the conversation',
      ['membership_differs'],
      (db) =>
        db.query(
          `UPDATE group_members SET state = 'removed', left_at = now()
            WHERE group_id = $1 AND user_id = $2`,
          [groupId, leaver.id],
        ),
    ],
    [
      'a member missing from the conversation',
      ['membership_differs'],
      async (db) =>
        db.query('DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2', [
          await conversationOf(db),
          member.id,
        ]),
    ],
    [
      'a conversation member the group never had',
      ['conversation_member_not_in_group'],
      (db) =>
        db.query('DELETE FROM group_members WHERE group_id = $1 AND user_id = $2', [
          groupId,
          leaver.id,
        ]),
    ],
    [
      'an unblock the conversation missed',
      ['muted_differs'],
      (db) =>
        db.query(
          'UPDATE group_members SET blocked_at = NULL WHERE group_id = $1 AND user_id = $2',
          [groupId, member.id],
        ),
    ],
    [
      'no owner row for groups.owner_id',
      ['owner_differs'],
      (db) =>
        db.query("UPDATE group_members SET role = 'manager' WHERE group_id = $1 AND user_id = $2", [
          groupId,
          owner.id,
        ]),
    ],
    [
      'a second owner row',
      ['extra_owner'],
      (db) =>
        db.query("UPDATE group_members SET role = 'owner' WHERE group_id = $1 AND user_id = $2", [
          groupId,
          member.id,
        ]),
    ],
    [
      'groups.owner_id moved without the member rows',
      ['owner_differs', 'extra_owner'],
      (db) => db.query('UPDATE groups SET owner_id = $2 WHERE id = $1', [groupId, member.id]),
    ],
    [
      'an unfriending the conversation missed',
      ['friend_flag_missing'],
      (db) => setFriendFlag(db, owner, member, false),
    ],
    [
      'a stranger flagged as a friend',
      ['friend_flag_stale'],
      (db) => setFriendFlag(db, stranger, owner, true),
    ],
    [
      'half a friendship',
      ['friendship_one_sided', 'friend_flag_stale'],
      (db) =>
        db.query('DELETE FROM friendships WHERE user_id = $1 AND friend_id = $2', [
          owner.id,
          member.id,
        ]),
    ],
  ];

  it.each(corruptions)('reports %s', async (_what, expected, corrupt) => {
    const found = await checkAfter(corrupt);
    expect(found.map((d) => d.check)).toEqual(expected);
    for (const disagreement of found) {
      expect(disagreement.count).toBeGreaterThan(0);
      expect(disagreement.examples.length).toBeGreaterThan(0);
    }
  });

  it('names the rows that disagree, with both sides', async () => {
    const found = await checkAfter((db) =>
      db.query("UPDATE conversations SET name = 'Stale' WHERE group_id = $1", [groupId]),
    );
    expect(found).toEqual([
      {
        check: 'conversation_name_differs',
        description: expect.any(String),
        count: 1,
        examples: [{ group_id: groupId, group_name: 'Checked', conversation_name: 'Stale' }],
      },
    ]);
    const report = formatConsistencyReport(found);
    expect(report).toContain('1 of');
    expect(report).toContain('conversation_name_differs: 1 row(s)');
    expect(report).toContain(groupId);
  });

  it('exits 0 when clean and 1 with the report on a disagreement (the operator command)', async () => {
    const clean = await runCommand({ DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' });
    expect([clean.status, clean.stderr]).toEqual([0, '']);
    expect(clean.stdout).toContain('Consistency check: clean');

    await withClient(t.databaseUrl, (db) =>
      db.query("UPDATE conversations SET status = 'dissolved' WHERE group_id = $1", [groupId]),
    );
    try {
      const dirty = await runCommand({ DATABASE_URL: t.databaseUrl });
      expect(dirty.status).toBe(1);
      expect(dirty.stdout).toContain('conversation_status_differs: 1 row(s)');
      expect(dirty.stdout).toContain(groupId);
    } finally {
      await withClient(t.databaseUrl, (db) =>
        db.query("UPDATE conversations SET status = 'active' WHERE group_id = $1", [groupId]),
      );
    }
  });

  it('exits 2 when there is no database to check (no DATABASE_URL, an empty DATA_DIR)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'party-check-'));
    try {
      const res = await runCommand({ DATA_DIR: empty });
      expect(res.status).toBe(2);
      expect(res.stderr).toContain('holds no embedded database');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
