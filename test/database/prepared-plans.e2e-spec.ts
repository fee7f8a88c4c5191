import { DataSource } from 'typeorm';
import { befriend } from '../contact/contact-test-kit';
import { createGroup } from '../group/group-test-kit';
import { createUser } from '../support/fixtures';
import { startTestApp, TestApp, withClient } from '../support/test-app';

const onServer = process.env.DATABASE_URL ? describe : describe.skip;

/**
 * A named prepared statement saves its planning only if PostgreSQL settles on one generic plan
 * for it (after five executions it weighs the generic plan against the custom ones). A statement
 * whose plan hangs on a parameter's value (`$n IS NULL OR ...`, a `CASE` on a parameter) gets a
 * generic plan that scans whole tables, so it is planned again on every execution: for the
 * history page that cost more than running it. Tables of a few rows hide this (a scan of them
 * is cheap), so the test gives `conversations` thousands of rows first.
 */
onServer('the hot paths’ prepared statements', () => {
  let t: TestApp;

  beforeAll(async () => {
    // One connection: every statement is prepared, and counted, on the session asked below.
    t = await startTestApp({}, { poolSize: 1 });
    await withClient(t.databaseUrl, (client) =>
      client.query(`
        INSERT INTO conversations (kind, user_low, user_high)
        SELECT 'direct', LEAST(a, b), GREATEST(a, b)
        FROM (SELECT gen_random_uuid() AS a, gen_random_uuid() AS b
              FROM generate_series(1, 5000)) pairs;
        ANALYZE conversations`),
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('settle on a generic plan', async () => {
    const [alice, bob, carol] = [await createUser(t), await createUser(t), await createUser(t)];
    await befriend(t, alice, bob);
    const groupId = await createGroup(t, alice, [bob, carol]);
    const reads = [
      `conversations/group/${groupId}/messages?limit=5`,
      `conversations/group/${groupId}/messages?before_seq=3&limit=5`,
      `conversations/group/${groupId}/messages?after_seq=1&limit=5`,
      `conversations/user/${alice.id}/messages?limit=5`,
      `conversations/user/${alice.id}/messages?after_seq=1&limit=5`,
      'contact-list/inbox',
      'messages/unread',
      'users/may-know',
      'user',
    ];
    for (let round = 0; round < 8; round += 1) {
      const sends = await Promise.all([
        t.post('messages', { to_group: groupId, content: `g${round}` }, { token: alice.token }),
        t.post('messages', { to_user: bob.id, content: `p${round}` }, { token: alice.token }),
      ]);
      expect(sends.map((s) => s.status)).toEqual([201, 201]);
      for (const path of reads) {
        expect([path, (await t.get(path, { token: bob.token })).status]).toEqual([path, 200]);
      }
    }
    const statements: { name: string; generic_plans: string }[] = await t.app.get(DataSource).query(
      `SELECT name, generic_plans FROM pg_prepared_statements
          WHERE name LIKE 'party\\_%' AND generic_plans + custom_plans >= 8`,
    );
    const names = statements.map((s) => s.name.replace(/_[0-9a-z]+_[0-9a-z]+$/, ''));
    expect(names.sort()).toEqual(
      expect.arrayContaining([
        'party_contact_list',
        'party_history_group_backward',
        'party_history_group_forward',
        'party_history_user_backward',
        'party_history_user_forward',
        'party_may_know_page',
        'party_own_profile',
        'party_send_direct',
        'party_send_group',
        'party_unread',
      ]),
    );
    const replanned = statements.filter((s) => Number(s.generic_plans) === 0).map((s) => s.name);
    expect(replanned).toEqual([]);
  });
});
