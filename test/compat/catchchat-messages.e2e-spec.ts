import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { catchchat, form, ISO_TIME } from './catchchat-support';

describe('CatchChat v4: messages and reports (seed 004)', () => {
  let t: TestApp;
  let ruanwz: TestUser;
  let tumayun: TestUser;
  let outsider: TestUser;
  let ids: { ruanwz: number; tumayun: number };
  let messageId: number;

  async function intIdOf(user: TestUser): Promise<number> {
    return (await catchchat(t, user.token).get('/api/v4/user')).body.id as number;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ruanwz = await createUser(t, { username: 'ruanwztest' });
    tumayun = await createUser(t, { username: 'tumayun' });
    outsider = await createUser(t, { username: 'outsider' });
    ids = { ruanwz: await intIdOf(ruanwz), tumayun: await intIdOf(tumayun) };
  });
  afterAll(async () => {
    await t.close();
  });

  it('POST /api/v4/messages (the seed example) answers {id, battery_level, state, media_type}', async () => {
    const res = await catchchat(t, ruanwz.token).post(
      '/api/v4/messages',
      form({
        recipient_id: ids.tumayun,
        recipient_type: 'User',
        text_content: 'This is a test!',
        battery_level: 70,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      battery_level: 70,
      state: 2,
      state_string: '未读',
      media_type: 'text',
      media_type_string: '一段文字',
    });
    messageId = res.body.id;
  });

  it('refuses what the native send refuses, and what CatchChat does not define', async () => {
    const cc = catchchat(t, ruanwz.token);
    const empty = await cc.post(
      '/api/v4/messages',
      form({ recipient_id: ids.tumayun, recipient_type: 'User', text_content: ' ' }),
    );
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: expect.stringContaining('text_content') });
    const circle = await cc.post(
      '/api/v4/messages',
      form({ recipient_id: ids.tumayun, recipient_type: 'Circle', text_content: 'hi' }),
    );
    expect(circle.status).toBe(400);
    expect(circle.body.error).toMatch(/recipient_type/);
    const nobody = await cc.post('/api/v4/messages', {
      recipient_id: 99999999,
      recipient_type: 'User',
      text_content: 'hi',
    });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error).toMatch(/recipient_id/);
    // Image and video messages are drafted (catchchat-media.e2e-spec.ts); no other media type.
    const audio = await cc.post(
      '/api/v4/messages',
      form({ recipient_id: ids.tumayun, recipient_type: 'User', media_type: 3 }),
    );
    expect(audio.status).toBe(400);
    expect(audio.body.error).toMatch(/media_type/);
    const battery = await cc.post(
      '/api/v4/messages',
      form({
        recipient_id: ids.tumayun,
        recipient_type: 'User',
        text_content: 'x',
        battery_level: 101,
      }),
    );
    expect(battery.status).toBe(400);
    expect(battery.body.error).toMatch(/battery_level/);
    // Blocks still hold: tumayun blocks the outsider, whose message is refused.
    await t.post('blocks', { user_id: outsider.id }, { token: tumayun.token });
    const blocked = await catchchat(t, outsider.token).post(
      '/api/v4/messages',
      form({ recipient_id: ids.tumayun, recipient_type: 'User', text_content: 'hello?' }),
    );
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toContain('recipient_id');
    expect(blocked.body.error).toContain(String(ids.tumayun));
    expect(blocked.body.error).not.toContain(tumayun.id);
  });

  it('GET /api/v4/messages/unread answers the messages envelope', async () => {
    const res = await catchchat(t, tumayun.token).get('/api/v4/messages/unread');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      messages: [
        {
          id: messageId,
          recipient_id: ids.tumayun,
          recipient_type: 'User',
          text_content: 'This is a test!',
          parent_id: 0,
          longitude: null,
          latitude: null,
          battery_level: 70,
          media_type: 'text',
          media_type_string: '一段文字',
          state: 2,
          state_string: '未读',
          created_at: expect.stringMatching(ISO_TIME),
          created_at_string: expect.any(String),
          updated_at: expect.stringMatching(ISO_TIME),
          updated_at_string: expect.any(String),
          sender: { id: ids.ruanwz, avatar_url: null, name: 'ruanwztest' },
          attachments: [],
        },
      ],
      current_page: 1,
      per_page: 30,
      count: 1,
    });
  });

  it('GET /api/v4/messages/:id for those who may see it only', async () => {
    const mine = await catchchat(t, tumayun.token).get(`/api/v4/messages/${messageId}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: messageId, state: 2, text_content: 'This is a test!' });
    const foreign = await catchchat(t, outsider.token).get(`/api/v4/messages/${messageId}`);
    expect(foreign.status).toBe(404);
    expect(Object.keys(foreign.body)).toEqual(['error']);
    const unknown = await catchchat(t, tumayun.token).get('/api/v4/messages/424242424');
    expect(unknown.status).toBe(404);
  });

  it('replies with parent_id, and locations', async () => {
    const reply = await catchchat(t, tumayun.token).post(
      '/api/v4/messages',
      form({
        recipient_id: ids.ruanwz,
        recipient_type: 'User',
        text_content: 'Got it',
        parent_id: messageId,
        longitude: 122.692612,
        latitude: 30.19902,
      }),
    );
    expect(reply.status).toBe(201);
    const read = await catchchat(t, ruanwz.token).get(`/api/v4/messages/${reply.body.id}`);
    expect(read.body).toMatchObject({
      parent_id: messageId,
      longitude: 122.692612,
      latitude: 30.19902,
      battery_level: 50,
      sender: { id: ids.tumayun },
      recipient_id: ids.ruanwz,
    });
  });

  it('PATCH deliver and mark_as_read answer {} and move the native cursors', async () => {
    const cc = catchchat(t, tumayun.token);
    const delivered = await cc.patch(`/api/v4/messages/${messageId}/deliver`);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toEqual({});
    const read = await cc.patch(`/api/v4/messages/${messageId}/mark_as_read`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({});
    expect((await cc.get('/api/v4/messages/unread')).body.count).toBe(0);
    const asReader = await cc.get(`/api/v4/messages/${messageId}`);
    expect(asReader.body).toMatchObject({ state: 3, state_string: '已读' });
    const asSender = await catchchat(t, ruanwz.token).get(`/api/v4/messages/${messageId}`);
    expect(asSender.body).toMatchObject({ state: 3, state_string: '已读' });
    const foreign = await catchchat(t, outsider.token).patch(
      `/api/v4/messages/${messageId}/mark_as_read`,
    );
    expect(foreign.status).toBe(404);
  });

  it('POST notify_screenshot tells the sender; on your own message it is a 409', async () => {
    const res = await catchchat(t, tumayun.token).post(
      `/api/v4/messages/${messageId}/notify_screenshot`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const unread = await catchchat(t, ruanwz.token).get('/api/v4/messages/unread');
    expect(unread.body.messages.map((m: { media_type: string }) => m.media_type)).toContain(
      'screenshot',
    );
    const own = await catchchat(t, ruanwz.token).post(
      `/api/v4/messages/${messageId}/notify_screenshot`,
    );
    expect(own.status).toBe(409);
  });

  it('POST /api/v4/reports -F message_id=... reports once; others cannot', async () => {
    const res = await catchchat(t, tumayun.token).post(
      '/api/v4/reports',
      form({ message_id: messageId }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({});
    const again = await catchchat(t, tumayun.token).post(
      '/api/v4/reports',
      form({ message_id: messageId }),
    );
    expect(again.status).toBe(409);
    const foreign = await catchchat(t, outsider.token).post(
      '/api/v4/reports',
      form({ message_id: messageId }),
    );
    expect(foreign.status).toBe(404);
  });

  it('sends to a group its members are in, and nobody else may', async () => {
    const group = await t.post(
      'groups',
      { name: 'test-group', user_ids: [tumayun.id, outsider.id] },
      { token: ruanwz.token },
    );
    expect(group.status).toBe(201);
    const sent = await catchchat(t, ruanwz.token).post(
      '/api/v4/messages',
      form({ recipient_id: group.body.id, recipient_type: 'Group', text_content: 'Hi all' }),
    );
    expect(sent.status).toBe(201);
    const unread = await catchchat(t, tumayun.token).get('/api/v4/messages/unread');
    const inGroup = unread.body.messages.find((m: { id: number }) => m.id === sent.body.id);
    expect(inGroup).toMatchObject({ recipient_type: 'Group', recipient_id: expect.any(Number) });
    const stranger = await createUser(t);
    const refused = await catchchat(t, stranger.token).post(
      '/api/v4/messages',
      form({ recipient_id: inGroup.recipient_id, recipient_type: 'Group', text_content: 'me too' }),
    );
    expect(refused.status).toBe(422);
  });

  it('needs party_message', async () => {
    const limited = await createUser(t, { scopes: ['party_user'] });
    const res = await catchchat(t, limited.token).get('/api/v4/messages/unread');
    expect(res.status).toBe(403);
    expect(res.body.error).toContain('party_message');
  });
});
