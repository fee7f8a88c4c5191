import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, drain, sendText, startCursor } from './realtime-support';

describe('realtime delivery (long-poll, SSE, WebSocket)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t, { nickname: 'Alice' });
    bob = await createUser(t, { nickname: 'Bob' });
    carol = await createUser(t, { nickname: 'Carol' });
  });
  afterAll(() => t.close());

  it('answers the starting cursor at once without one, then the events after it', async () => {
    const cursor = await startCursor(t, bob.token);
    const message = await sendText(t, alice, bob, 'hello bob');
    const { events } = await drain(t, bob.token, cursor);
    const created = events.filter((e) => e.type === 'message.created');
    expect(created).toHaveLength(1);
    expect(created[0].data).toMatchObject({
      id: message.id,
      content: 'hello bob',
      sender_id: alice.id,
    });
    expect(created[0].data.sender).toMatchObject({ id: alice.id, name: 'Alice' });
    const history = await t.get(`conversations/user/${alice.id}/messages`, { token: bob.token });
    expect(created[0].data).toEqual(history.body.data[0]);
    const { events: carolEvents } = await drain(t, carol.token, cursor);
    expect(carolEvents.filter((e) => e.type === 'message.created')).toHaveLength(0);
  });

  it('long-polls until an event arrives', async () => {
    const cursor = await startCursor(t, bob.token);
    const waiting = t.get('events', { token: bob.token, query: { cursor, timeout: 10 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const message = await sendText(t, alice, bob, 'wake up');
    const page = await waiting;
    expect(page.status).toBe(200);
    expect(page.body.data.map((e: any) => e.data.id)).toContain(message.id);
    expect(page.body.next_cursor).not.toBe(cursor);
  });

  it('delivers over a WebSocket and resumes from a cursor', async () => {
    const cursor = await startCursor(t, bob.token);
    const client = await connectSocket(t, bob.token);
    const message = await sendText(t, alice, bob, 'over the socket');
    const frame = await client.waitFor(
      (f) => f.type === 'message.created' && f.data.id === message.id,
    );
    expect(frame.id).toEqual(expect.any(String));
    await client.close();
    const missed = await sendText(t, alice, bob, 'while away');
    const resumed = await connectSocket(t, bob.token, { cursor: frame.id as string });
    const again = await resumed.waitFor(
      (f) => f.type === 'message.created' && f.data.id === missed.id,
    );
    expect(again.data.content).toBe('while away');
    expect(resumed.frames.some((f) => f.data?.id === message.id)).toBe(false);
    await resumed.close();
    expect(cursor).toEqual(expect.any(String));
  });

  it('refuses a bad token before the upgrade and an expired cursor with 410', async () => {
    await expect(connectSocket(t, 'nope')).rejects.toThrow('401');
    const gone = await t.get('events', { token: bob.token, query: { cursor: 'garbage' } });
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('cursor_expired');
  });
});
