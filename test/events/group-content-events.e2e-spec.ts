import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Scope, USER_SCOPES } from '../../src/common/http/request-principal';
import { createGroup } from '../announcement/content-kit';
import { befriend, friendshipWith } from '../contact/contact-test-kit';
import { createAppClient, createUser, TestAppClient, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, drain, startCursor } from './realtime-support';

/**
 * Group content (announcement, notices, banners, shared files) and notification pushes are
 * events of the log, written in the transaction of their change and delivered to those who may
 * see them: the group's current members (not those who left or blocked it), under the scope of
 * the resource's routes.
 */

const FAULT_FUNCTION = `CREATE OR REPLACE FUNCTION injected_fault() RETURNS trigger
  LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault on %', TG_TABLE_NAME; END $$`;

/**
 * How long an event may take to arrive: it becomes visible once every older transaction has
 * ended, and on a shared PostgreSQL server that includes other databases' transactions.
 */
const DELIVERY_MS = 15_000;

const without = (scope: Scope): Scope[] => USER_SCOPES.filter((s) => s !== scope);

/** A share-file upload body. */
function form(bytes: Buffer, name: string): FormData {
  const body = new FormData();
  body.append('file', new Blob([bytes]), name);
  return body;
}

describe('group content and notification events', () => {
  let t: TestApp;
  let db: Client;
  let notifier: TestAppClient;
  let groupId: string;
  let owner: TestUser;
  let manager: TestUser;
  let member: TestUser;
  /** Left the group before every test. */
  let leaver: TestUser;
  /** A member who has the group blocked. */
  let blocker: TestUser;
  let outsider: TestUser;
  /** Members whose tokens lack `party_group` / `party_file`. */
  let noGroup: TestUser;
  let noFile: TestUser;

  const content = (path = '') => `groups/${groupId}${path}`;

  /** Matches the event data of one resource: its id. */
  type Match = (data: any) => boolean;
  const withId =
    (id: string): Match =>
    (data) =>
      data?.id === id;

  /**
   * Starts a cursor for each user now; `of` then reads the events of a type (and `match`) that
   * reached a user since (`wait`: long-polls until one arrived). A fresh cursor may also replay
   * an event committed just before it (at least once), hence `match`. `one` waits for the
   * recipients first, so that the reads of `none`, which must find nothing, come after the event
   * was visible.
   */
  async function follow(users: TestUser[]) {
    const cursors = new Map<string, string>();
    for (const user of users) cursors.set(user.id, await startCursor(t, user.token));
    const of = async (user: TestUser, type: string, match: Match, wait = false): Promise<any[]> => {
      let cursor = cursors.get(user.id) as string;
      const events: any[] = [];
      const deadline = Date.now() + DELIVERY_MS;
      for (;;) {
        const { events: page, cursor: next } = await drain(t, user.token, cursor);
        events.push(...page);
        cursor = next;
        const found = events.filter((e) => e.type === type && match(e.data));
        if (!wait || found.length > 0) return found;
        if (Date.now() > deadline) throw new Error(`no ${type} for ${user.nickname}`);
        await t.get('events', { token: user.token, query: { cursor, timeout: 1 } });
      }
    };
    return {
      of,
      /** Each of `users` got exactly one `type` for `match`, whose data is what `rest` answers him. */
      async one(
        type: string,
        match: Match,
        recipients: TestUser[],
        rest: (user: TestUser) => Promise<unknown>,
      ) {
        for (const user of recipients) {
          const events = await of(user, type, match, true);
          expect(events).toHaveLength(1);
          expect(events[0].data).toEqual(await rest(user));
        }
      },
      /** None of `others` got any event of `types` (they may see none at all). */
      async none(others: TestUser[], ...types: string[]) {
        for (const user of others) {
          for (const type of types) expect(await of(user, type, () => true)).toEqual([]);
        }
      },
    };
  }

  /** GET `path` as `user`: the body he is answered. */
  const restAs = (path: string) => async (user: TestUser) =>
    (await t.get(path, { token: user.token })).body;

  /** Runs `work` while every event of `type` written to the log raises. */
  async function withEventFault<T>(type: string, work: () => Promise<T>): Promise<T> {
    await db.query(
      `CREATE TRIGGER injected_fault BEFORE INSERT ON event_log
       FOR EACH ROW WHEN (NEW.type = '${type}') EXECUTE FUNCTION injected_fault()`,
    );
    try {
      return await work();
    } finally {
      await db.query(`DROP TRIGGER injected_fault ON event_log`);
    }
  }

  function expectInternalError(res: { status: number; body: { code?: string } }) {
    expect([res.status, res.body.code]).toEqual([500, 'internal_error']);
  }

  const countEvents = async (type: string) =>
    Number(
      (await db.query<{ n: string }>(`SELECT count(*) AS n FROM event_log WHERE type = $1`, [type]))
        .rows[0].n,
    );
  const eventRows = async (type: string, id: string) =>
    (
      await db.query<{ conversation_id: string | null; recipients: number }>(
        `SELECT e.conversation_id,
                (SELECT count(*)::int FROM event_recipients r WHERE r.event_id = e.id) AS recipients
           FROM event_log e WHERE e.type = $1 AND e.data->>'id' = $2`,
        [type, id],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(FAULT_FUNCTION);
    notifier = await createAppClient(t, { scopes: ['party_notify'], system: true, name: '通知' });
    owner = await createUser(t, { nickname: '王群主' });
    manager = await createUser(t, { nickname: 'Manny' });
    member = await createUser(t, { nickname: 'Mia', timeZone: 'Asia/Shanghai' });
    leaver = await createUser(t, { nickname: 'Leo' });
    blocker = await createUser(t, { nickname: 'Bea' });
    outsider = await createUser(t, { nickname: 'Otto' });
    noGroup = await createUser(t, { nickname: 'NoGroup', scopes: without('party_group') });
    noFile = await createUser(t, { nickname: 'NoFile', scopes: without('party_file') });
    groupId = await createGroup(t, owner, [manager, member, leaver, blocker, noGroup, noFile]);
    const steps = [
      await t.patch(content(`/members/${manager.id}`), { role: 'manager' }, { token: owner.token }),
      await t.post(content('/leave'), undefined, { token: leaver.token }),
      await t.post(content('/block'), undefined, { token: blocker.token }),
    ];
    expect(steps.map((res) => res.status)).toEqual([200, 204, 200]);
    // Mia calls the owner by a name of her own: the events carry it to her, not to the others.
    await befriend(t, member, owner);
    const friendship = await friendshipWith(t, member, owner);
    const remarked = await t.patch(
      `friendships/${friendship?.id}`,
      { remarked_name: '老板' },
      { token: member.token },
    );
    expect(remarked.status).toBe(200);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  /** Members who must not hear about group content: gone, muted, or not there at all. */
  const excluded = () => [leaver, blocker, outsider];

  /** `groups/{id}<path>` as `user` (the owner unless said). */
  const post = (path: string, body: unknown, user = owner) =>
    t.post(content(path), body, { token: user.token });
  const remove = (path: string, user = owner) => t.delete(content(path), { token: user.token });

  /** The list at `path` as the member sees it, and the item `id` of it. */
  const listed = async (path: string, user = member) =>
    (await t.get(content(path), { token: user.token })).body.data as { id: string }[];
  const itemOf = (path: string, id: string) => async (user: TestUser) =>
    (await listed(path, user)).find((item) => item.id === id);

  describe('group.announcement_updated', () => {
    const announce = (text: string, user = owner) =>
      t.put(content('/announcement'), { announcement: text }, { token: user.token });

    it('reaches the current members with the announcement as each of them GETs it', async () => {
      const heard = await follow([owner, member, noFile, noGroup, ...excluded()]);
      const res = await announce('周六团建', manager);
      expect(res.status).toBe(200);
      const saying: Match = (data) => data.announcement === '周六团建';
      await heard.one(
        'group.announcement_updated',
        saying,
        [member, owner, noFile],
        restAs(content('/announcement')),
      );
      await heard.none([noGroup, ...excluded()], 'group.announcement_updated');
      const [mine] = await heard.of(member, 'group.announcement_updated', saying);
      const [theirs] = await heard.of(noFile, 'group.announcement_updated', saying);
      expect(mine.data).toMatchObject({ group_id: groupId, announcement: '周六团建' });
      expect(mine.data.updated_by).toMatchObject({ id: manager.id, name: 'Manny' });
      // Each reader's time zone (Mia's is Asia/Shanghai, NoFile's UTC).
      expect(mine.data.updated_at_string).not.toBe(theirs.data.updated_at_string);
    });

    it('says nothing when the text did not change, and clearing it is an update', async () => {
      const written = await countEvents('group.announcement_updated');
      expect((await announce('周六团建')).status).toBe(200);
      expect(await countEvents('group.announcement_updated')).toBe(written);
      const heard = await follow([member]);
      expect((await announce('')).status).toBe(200);
      const cleared = (data: any) => data.announcement === '';
      await heard.one(
        'group.announcement_updated',
        cleared,
        [member],
        restAs(content('/announcement')),
      );
      const [event] = await heard.of(member, 'group.announcement_updated', cleared);
      expect(event.data.updated_by).toMatchObject({ id: owner.id, name: '老板' });
    });

    it('is written with the change or not at all', async () => {
      const before = await restAs(content('/announcement'))(member);
      expectInternalError(
        await withEventFault('group.announcement_updated', () => announce('never')),
      );
      expect(await restAs(content('/announcement'))(member)).toEqual(before);
      const history = await restAs(`conversations/group/${groupId}/messages`)(member);
      expect(JSON.stringify(history.data)).not.toContain('never');
    });
  });

  describe('group.notice_created and group.notice_deleted', () => {
    const notice = { title: '通知', content: '明天放假' };

    it('hands members the notice as GET notices/{id} answers them, in one row for the group', async () => {
      const heard = await follow([member, manager, noFile, noGroup, ...excluded()]);
      const res = await post('/notices', notice);
      expect(res.status).toBe(201);
      await heard.one(
        'group.notice_created',
        withId(res.body.id),
        [member, manager, noFile],
        restAs(content(`/notices/${res.body.id}`)),
      );
      await heard.none([noGroup, ...excluded()], 'group.notice_created');
      const [forMember] = await heard.of(member, 'group.notice_created', withId(res.body.id));
      const [forManager] = await heard.of(manager, 'group.notice_created', withId(res.body.id));
      expect(forMember.data).toMatchObject({ id: res.body.id, group_id: groupId, title: '通知' });
      expect(forMember.data.creator).toMatchObject({ id: owner.id, name: '老板' });
      expect(forManager.data.creator).toMatchObject({ id: owner.id, name: '王群主' });
      const rows = await eventRows('group.notice_created', res.body.id);
      expect(rows).toEqual([{ conversation_id: expect.any(String), recipients: 0 }]);
    });

    it('tells members a notice was deleted with {id, group_id}, once', async () => {
      const created = await post('/notices', notice);
      const heard = await follow([member, noGroup, ...excluded()]);
      expect((await remove(`/notices/${created.body.id}`, manager)).status).toBe(204);
      expect((await remove(`/notices/${created.body.id}`)).status).toBe(404);
      await heard.one('group.notice_deleted', withId(created.body.id), [member], async () => ({
        id: created.body.id,
        group_id: groupId,
      }));
      await heard.none([noGroup, ...excluded()], 'group.notice_deleted');
    });

    it('arrives live over a WebSocket', async () => {
      const socket = await connectSocket(t, member.token);
      try {
        const res = await post('/notices', { title: '直播', content: '马上开始' });
        expect(res.status).toBe(201);
        const frame = await socket.waitFor(
          (f) => f.type === 'group.notice_created' && f.data?.id === res.body.id,
          DELIVERY_MS,
        );
        expect(frame.id).toEqual(expect.any(String));
        expect(frame.data).toEqual(await restAs(content(`/notices/${res.body.id}`))(member));
      } finally {
        await socket.close();
      }
    });
  });

  describe('group.banner_created and group.banner_deleted', () => {
    const banner = { title: '活动', thumb_url: 'https://cdn.example.com/b.png' };

    it('hands members the banner as their banner list shows it, then its deletion', async () => {
      const heard = await follow([member, noFile, noGroup, ...excluded()]);
      const res = await post('/banners', banner, manager);
      expect(res.status).toBe(201);
      const thisOne = withId(res.body.id);
      await heard.one(
        'group.banner_created',
        thisOne,
        [member, noFile],
        itemOf('/banners', res.body.id),
      );
      expect((await remove(`/banners/${res.body.id}`)).status).toBe(204);
      await heard.one('group.banner_deleted', thisOne, [member, noFile], async () => ({
        id: res.body.id,
        group_id: groupId,
      }));
      await heard.none([noGroup, ...excluded()], 'group.banner_created', 'group.banner_deleted');
    });
  });

  it.each([
    ['/notices', 'group.notice', { title: 'never', content: 'never' }],
    ['/banners', 'group.banner', { title: 'never' }],
  ])(
    '%s: the item and its deletion are written with their events or not at all',
    async (path, prefix, body) => {
      const before = (await listed(path)).map((item) => item.id);
      expectInternalError(await withEventFault(`${prefix}_created`, () => post(path, body)));
      expect((await listed(path)).map((item) => item.id)).toEqual(before);
      const kept = await post(path, body);
      expectInternalError(
        await withEventFault(`${prefix}_deleted`, () => remove(`${path}/${kept.body.id}`)),
      );
      expect((await listed(path)).map((item) => item.id)).toContain(kept.body.id);
    },
  );

  describe('group.share_file_created and group.share_file_deleted', () => {
    const upload = (text: string, name: string) =>
      post('/share-files', form(Buffer.from(text), name), member);
    const filesOnDisk = (): number => {
      const root = join(t.dataDir, 'files');
      if (!existsSync(root)) return 0;
      return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
        .length;
    };

    it('hands members (with party_file) the metadata as GET share-files/{id} answers them', async () => {
      const heard = await follow([member, owner, noGroup, noFile, ...excluded()]);
      const res = await upload('报告', '报告.txt');
      expect(res.status).toBe(201);
      await heard.one(
        'group.share_file_created',
        withId(res.body.id),
        [member, owner, noGroup],
        restAs(content(`/share-files/${res.body.id}`)),
      );
      await heard.none([noFile, ...excluded()], 'group.share_file_created');
      const [forOwner] = await heard.of(owner, 'group.share_file_created', withId(res.body.id));
      expect(forOwner.data).toMatchObject({
        id: res.body.id,
        group_id: groupId,
        file_name: '报告.txt',
        restrict_access: true,
        file_owner: { id: member.id, name: 'Mia' },
      });
    });

    it('tells members a file was deleted with {id, group_id}', async () => {
      const uploaded = await upload('x', 'x.txt');
      const heard = await follow([member, noFile, ...excluded()]);
      expect((await remove(`/share-files/${uploaded.body.id}`, manager)).status).toBe(204);
      await heard.one('group.share_file_deleted', withId(uploaded.body.id), [member], async () => ({
        id: uploaded.body.id,
        group_id: groupId,
      }));
      await heard.none([noFile, ...excluded()], 'group.share_file_deleted');
    });

    it('is written with the row, and with its deletion, or not at all (bytes included)', async () => {
      const before = [(await listed('/share-files')).length, filesOnDisk()];
      expectInternalError(
        await withEventFault('group.share_file_created', () => upload('never', 'n.txt')),
      );
      expect([(await listed('/share-files')).length, filesOnDisk()]).toEqual(before);
      const kept = await upload('kept', 'k.txt');
      expectInternalError(
        await withEventFault('group.share_file_deleted', () =>
          remove(`/share-files/${kept.body.id}`, member),
        ),
      );
      const download = await t.get(content(`/share-files/${kept.body.id}/content`), {
        token: member.token,
      });
      expect([download.status, download.text]).toEqual([200, 'kept']);
    });
  });

  describe('notification.created', () => {
    const toUsers = (userIds: string[], title = 'Hello') =>
      t.post(
        'notifications',
        {
          receiver: 'users',
          user_ids: userIds,
          title,
          content: '**hi**',
          content_type: 'markdown',
        },
        { token: notifier.token },
      );
    const centerItem = (id: string) => async (user: TestUser) =>
      (await restAs('notifications')(user)).data.find((n: { id: string }) => n.id === id);

    it('reaches exactly its recipients, each with the item of his notification center', async () => {
      const heard = await follow([member, outsider, owner, blocker]);
      const res = await toUsers([member.id, outsider.id, member.id]);
      expect(res.status).toBe(201);
      const push = withId(res.body.id);
      await heard.one('notification.created', push, [member, outsider], centerItem(res.body.id));
      await heard.none([owner, blocker], 'notification.created');
      const [mine] = await heard.of(member, 'notification.created', push);
      expect(mine.data).toMatchObject({ id: res.body.id, read_at: null, read_at_string: null });
      // One row for the push, listing its recipients once each.
      expect(await eventRows('notification.created', res.body.id)).toEqual([
        { conversation_id: null, recipients: 2 },
      ]);
    });

    it('is read with party_user only: a token without it cannot read events at all', async () => {
      const lacking = await createUser(t, { scopes: without('party_user') });
      expect((await t.get('events', { token: lacking.token })).status).toBe(403);
    });

    it('is written with the push or not at all', async () => {
      const before = (await restAs('notifications')(member)).total_count;
      expectInternalError(
        await withEventFault('notification.created', () => toUsers([member.id], 'never')),
      );
      expect((await restAs('notifications')(member)).total_count).toBe(before);
    });

    it('to a group is its notification message: message.created to the members only', async () => {
      const heard = await follow([member, outsider, ...excluded()]);
      const res = await t.post(
        'notifications',
        { receiver: 'group', group_id: groupId, title: '群通知', content_type: 'plain' },
        { token: notifier.token },
      );
      expect(res.status).toBe(201);
      const posted = withId(res.body.message_id);
      await heard.one(
        'message.created',
        posted,
        [member],
        async (user) => (await restAs(`conversations/group/${groupId}/messages`)(user)).data[0],
      );
      const [message] = await heard.of(member, 'message.created', posted);
      expect(message.data.message_type).toBe('notification');
      expect(await heard.of(member, 'notification.created', withId(res.body.id))).toEqual([]);
      await heard.none([outsider, ...excluded()], 'message.created');
    });
  });
});
