import { Client } from 'pg';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, sendText, startCursor, wsUrl } from './realtime-support';
import WebSocket from 'ws';

/** Reads an SSE response until `until` holds for what arrived (or the stream ends). */
async function readStream(
  response: Response,
  until: (text: string) => boolean,
  timeoutMs = 5000,
): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(text)) {
      if (Date.now() > deadline) throw new Error(`stream did not match in time: ${text}`);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((resolve) =>
          setTimeout(() => resolve({ done: true, value: undefined }), deadline - Date.now()),
        ),
      ]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe('realtime connections: SSE, limits, revocation, slow consumers, typing', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ WS_MAX_PER_TOKEN: '2' });
    alice = await createUser(t, { nickname: 'Alice' });
    bob = await createUser(t, { nickname: 'Bob' });
  });
  afterAll(() => t.close());

  it('streams Server-Sent Events and resumes after Last-Event-ID', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.baseUrl}/api/party/events/stream`, {
      headers: { authorization: `Bearer ${bob.token}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const first = await sendText(t, alice, bob, 'by stream');
    const text = await readStream(response, (s) => s.includes(first.id));
    controller.abort();
    const id = /id: (\S+)\nevent: message.created\n/.exec(text)?.[1];
    expect(id).toBeDefined();
    const missed = await sendText(t, alice, bob, 'missed it');
    const again = new AbortController();
    const resumed = await fetch(`${t.baseUrl}/api/party/events/stream`, {
      headers: { authorization: `Bearer ${bob.token}`, 'last-event-id': id as string },
      signal: again.signal,
    });
    const replay = await readStream(resumed, (s) => s.includes(missed.id));
    again.abort();
    expect(replay).not.toContain(first.id);
  });

  it('refuses SSE and long-poll without a token, and a cursor from the future with 410', async () => {
    expect((await fetch(`${t.baseUrl}/api/party/events/stream`)).status).toBe(401);
    expect((await t.get('events')).status).toBe(401);
    const gone = await fetch(`${t.baseUrl}/api/party/events/stream`, {
      headers: { authorization: `Bearer ${bob.token}`, 'last-event-id': '99999999999-1' },
    });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { code: string }).code).toBe('cursor_expired');
    expect((await t.get('events', { token: bob.token, query: { timeout: 61 } })).status).toBe(400);
  });

  it('answers a plain GET ws with 426 and a token without party_user with 403', async () => {
    const plain = await t.get('ws', { token: bob.token });
    expect(plain.status).toBe(426);
    expect(plain.body.code).toBe('upgrade_required');
    const narrow = await createUser(t, { scopes: ['party_message'] });
    await expect(connectSocket(t, narrow.token)).rejects.toThrow('403');
    expect((await t.get('events', { token: narrow.token })).status).toBe(403);
  });

  it('takes the token from the subprotocol and answers "party"', async () => {
    const client = await connectSocket(
      t,
      bob.token,
      {},
      {
        protocols: ['party', `access_token.${bob.token}`],
      },
    );
    expect(client.socket.protocol).toBe('party');
    client.send({ type: 'ping' });
    await client.waitFor((f) => f.type === 'pong');
    client.send({ type: 'what' });
    await client.waitFor((f) => f.type === 'error' && f.code === 'bad_frame');
    await client.close();
  });

  it('holds a token to WS_MAX_PER_TOKEN sockets', async () => {
    const carol = await createUser(t);
    const one = await connectSocket(t, carol.token);
    const two = await connectSocket(t, carol.token);
    await expect(connectSocket(t, carol.token)).rejects.toThrow('429');
    await one.close();
    const three = await connectSocket(t, carol.token);
    await Promise.all([two.close(), three.close()]);
  });

  it('closes a revoked token’s socket (4401) and stream within 5 s', async () => {
    const dave = await createUser(t);
    const client = await connectSocket(t, dave.token);
    const controller = new AbortController();
    const stream = await fetch(`${t.baseUrl}/api/party/events/stream`, {
      headers: { authorization: `Bearer ${dave.token}` },
      signal: controller.signal,
    });
    const revoked = await t.request('POST', '/oauth/revoke', {
      body: new URLSearchParams({ token: dave.token }),
    });
    expect(revoked.status).toBe(200);
    const closed = await Promise.race([
      client.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000)),
    ]);
    expect(closed?.code).toBe(4401);
    const text = await readStream(stream, (s) => s.includes('token_revoked'), 5000);
    expect(text).toContain('event: close');
    controller.abort();
  });

  it('answers a long-poll of a token revoked while it waits within 5 s, then 401', async () => {
    const fay = await createUser(t);
    const cursor = await startCursor(t, fay.token);
    const waiting = t.get('events', { token: fay.token, query: { cursor, timeout: 30 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await t.request('POST', '/oauth/revoke', { body: new URLSearchParams({ token: fay.token }) });
    const started = Date.now();
    const answer = await waiting;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answer.body).toMatchObject({ data: [] });
    expect((await t.get('events', { token: fay.token, query: { cursor } })).status).toBe(401);
  });

  it('closes a consumer that stops reading (4008) instead of buffering without end', async () => {
    const erin = await createUser(t);
    const cursor = await startCursor(t, erin.token);
    // 12,000 events of 1 KiB for Erin, written straight into the log: far more than the
    // socket buffers of loopback hold.
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `WITH e AS (
           INSERT INTO event_log (type, data)
           SELECT 'notification.created', jsonb_build_object('n', n, 'pad', repeat('x', 1024))
           FROM generate_series(1, 12000) AS n RETURNING id, xid
         ) INSERT INTO event_recipients (user_id, xid, event_id) SELECT $1, xid, id FROM e`,
        [erin.id],
      );
    } finally {
      await db.end();
    }
    const socket = new WebSocket(wsUrl(t, { cursor }), {
      headers: { authorization: `Bearer ${erin.token}` },
    });
    socket.once('upgrade', () => socket.pause());
    const closed = await new Promise<number>((resolve) => {
      socket.once('open', () => socket.pause());
      socket.once('close', (code) => resolve(code));
      setTimeout(() => socket.resume(), 4000);
    });
    expect(closed).toBe(4008);
  });

  it('relays typing to the other side only, and refuses a conversation he may not use', async () => {
    const bobSocket = await connectSocket(t, bob.token);
    const aliceSocket = await connectSocket(t, alice.token);
    aliceSocket.send({ type: 'typing', conversation: `user/${bob.id}` });
    const typing = await bobSocket.waitFor((f) => f.type === 'typing');
    expect(typing.data).toMatchObject({
      conversation: `user/${alice.id}`,
      user_id: alice.id,
      user: { id: alice.id, name: 'Alice' },
    });
    expect(typing.id).toBeNull();
    aliceSocket.send({
      type: 'typing',
      conversation: `group/00000000-0000-4000-8000-000000000000`,
    });
    await aliceSocket.waitFor((f) => f.type === 'error' && f.code === 'unknown_conversation');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(aliceSocket.frames.filter((f) => f.type === 'typing')).toHaveLength(0);
    for (let i = 0; i < 12; i += 1)
      aliceSocket.send({ type: 'typing', conversation: `user/${bob.id}` });
    await aliceSocket.waitFor((f) => f.type === 'error' && f.code === 'rate_limited');
    await Promise.all([bobSocket.close(), aliceSocket.close()]);
  });
});
