import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, SocketClient } from './realtime-support';

const SOCKETS = 60;

describe('many sockets joining at once', () => {
  let t: TestApp;
  let sender: TestUser;
  const receivers: TestUser[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    sender = await createUser(t);
    for (let i = 0; i < SOCKETS; i += 1) receivers.push(await createUser(t));
  });
  afterAll(() => t.close());

  it('delivers to every socket that connected while messages were being sent', async () => {
    const sends: Promise<unknown>[] = [];
    const sockets: SocketClient[] = [];
    for (const [i, receiver] of receivers.entries()) {
      sockets.push(await connectSocket(t, receiver.token));
      sends.push(
        t.post(
          'messages',
          { to_user: receivers[(i + 1) % SOCKETS].id, message_type: 'text', content: `warm ${i}` },
          { token: sender.token },
        ),
      );
    }
    await Promise.all(sends);
    const ids: string[] = [];
    for (const receiver of receivers) {
      const sent = await t.post(
        'messages',
        { to_user: receiver.id, message_type: 'text', content: 'hello' },
        { token: sender.token },
      );
      expect(sent.status).toBe(201);
      ids.push(sent.body.id as string);
    }
    await Promise.all(
      sockets.map((socket, i) => socket.waitFor((f) => f.data?.id === ids[i], 10_000)),
    );
    await Promise.all(sockets.map((socket) => socket.close()));
  });
});
