import { befriend, sendRequest } from '../contact/contact-test-kit';
import { createGroup } from '../group/group-test-kit';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The contract's views across modules (DESIGN §4, seeds 004 / 000): the owner ids next to the
 * nested people, a `<field>_string` label beside every state, and one `name` rule for a person
 * wherever he appears.
 */
describe('contract views', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let groupId: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t, { nickname: 'Alice' });
    bob = await createUser(t, { nickname: 'Bob' });
    carol = await createUser(t, { nickname: 'Carol' });
    await befriend(t, bob, alice);
    const friendship = await t.get(`friendships/with/${bob.id}`, { token: alice.token });
    const renamed = await t.patch(
      `friendships/${friendship.body.id}`,
      { remarked_name: 'Bobby' },
      { token: alice.token },
    );
    expect(renamed.status).toBe(200);
    groupId = await createGroup(t, alice, [bob, carol], 'Hikers');
  });

  afterAll(() => t.close());

  describe('owner ids beside the nested people', () => {
    it('a friendship carries user_id (its owner) and friend_id', async () => {
      const res = await t.get(`friendships/with/${bob.id}`, { token: alice.token });
      expect(res.body).toMatchObject({
        user_id: alice.id,
        friend_id: bob.id,
        friend: { id: bob.id, name: 'Bobby' },
      });
      const list = await t.get('friendships', { token: bob.token });
      expect(list.body.data[0]).toMatchObject({ user_id: bob.id, friend_id: alice.id });
    });

    it('a group carries owner_id, in its own view and in the list', async () => {
      const one = await t.get(`groups/${groupId}`, { token: bob.token });
      expect(one.body.owner_id).toBe(alice.id);
      const mine = await t.get('groups', { token: carol.token });
      expect(mine.body.data.find((g: { id: string }) => g.id === groupId).owner_id).toBe(alice.id);
    });
  });

  describe('a label beside every state', () => {
    it("the owner's member list labels each member's status, in the reader's language", async () => {
      const left = await t.post(`groups/${groupId}/leave`, undefined, { token: carol.token });
      expect(left.status).toBe(204);
      const res = await t.get(`groups/${groupId}/members`, {
        token: alice.token,
        headers: { 'Accept-Language': 'zh-CN' },
      });
      const byId = new Map(
        (res.body.data as { id: string; status: string; status_string: string }[]).map((m) => [
          m.id,
          m,
        ]),
      );
      expect(byId.get(bob.id)).toMatchObject({ status: 'active', status_string: '正常' });
      expect(byId.get(carol.id)).toMatchObject({ status: 'left', status_string: '已退出' });
      const english = await t.get(`groups/${groupId}/members`, { token: alice.token });
      const carolInEnglish = (english.body.data as { id: string }[]).find((m) => m.id === carol.id);
      expect(carolInEnglish).toMatchObject({ status_string: 'Left' });
      const added = await t.post(
        `groups/${groupId}/members`,
        { user_ids: [carol.id] },
        { token: alice.token },
      );
      expect(added.status).toBe(201);
    });

    it('a group and a friend request label their state in the reader language', async () => {
      const group = await t.get(`groups/${groupId}`, {
        token: bob.token,
        headers: { 'Accept-Language': 'zh-CN' },
      });
      expect(group.body).toMatchObject({ status: 'active', status_string: '正常' });
      const dave = await createUser(t, { nickname: 'Dave' });
      await sendRequest(t, dave, alice);
      const received = await t.get('friend-requests/received', {
        token: alice.token,
        headers: { 'Accept-Language': 'zh-CN' },
      });
      expect(received.body.data[0]).toMatchObject({ state: 'pending', state_string: '等待中' });
    });
  });

  describe("one name rule: the caller's remark || contact name || nickname || username", () => {
    let messageId: string;

    beforeAll(async () => {
      const sent = await t.post(
        'messages',
        { to_group: groupId, content: 'hello from bob' },
        { token: bob.token },
      );
      expect(sent.status).toBe(201);
      const mine = await t.post(
        'messages',
        { to_group: groupId, content: 'hello from alice' },
        { token: alice.token },
      );
      messageId = mine.body.id;
      const read = await t.post(`messages/${messageId}/read`, undefined, { token: bob.token });
      expect(read.status).toBe(200);
    });

    it('GET users/{id}', async () => {
      const res = await t.get(`users/${bob.id}`, { token: alice.token });
      expect(res.body.name).toBe('Bobby');
      const byStranger = await t.get(`users/${bob.id}`, { token: carol.token });
      expect(byStranger.body.name).toBe('Bob');
    });

    it('user search', async () => {
      const res = await t.get('users/search', { token: alice.token, query: { q: bob.username } });
      expect(res.body.data.find((u: { id: string }) => u.id === bob.id).name).toBe('Bobby');
    });

    it('friend-request lists', async () => {
      const sent = await t.get('friend-requests/sent', { token: bob.token });
      expect(sent.body.data[0].to_user.name).toBe('Alice');
      const received = await t.get('friend-requests/received', {
        token: alice.token,
        query: { state: 'accepted' },
      });
      expect(received.body.data[0].from_user).toMatchObject({ id: bob.id, name: 'Bobby' });
    });

    it('group members', async () => {
      const res = await t.get(`groups/${groupId}/members`, { token: alice.token });
      expect(res.body.data.find((m: { id: string }) => m.id === bob.id).name).toBe('Bobby');
    });

    it('message senders, in history and in GET messages/{id}', async () => {
      const history = await t.get(`conversations/group/${groupId}/messages`, {
        token: alice.token,
      });
      const fromBob = history.body.data.find(
        (m: { sender: { id: string } | null }) => m.sender?.id === bob.id,
      );
      expect(fromBob.sender.name).toBe('Bobby');
      const one = await t.get(`messages/${fromBob.id}`, { token: alice.token });
      expect(one.body.sender.name).toBe('Bobby');
      const asCarol = await t.get(`messages/${fromBob.id}`, { token: carol.token });
      expect(asCarol.body.sender.name).toBe('Bob');
    });

    it('receipts', async () => {
      const res = await t.get(`messages/${messageId}/receipts`, { token: alice.token });
      expect(res.body.read_by).toEqual([expect.objectContaining({ id: bob.id, name: 'Bobby' })]);
    });
  });
});
