import { DataSource } from 'typeorm';
import { TokenService } from '../../src/auth/token.service';
import { verifySignature } from '../../src/webhook/webhook-signature';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { Receiver, startReceiver } from './receiver';

describe('message.before_send', () => {
  let t: TestApp;
  let owner: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let appId: string;
  let hookId: string;
  let secret: string;
  let grantId: string;
  let receiver: Receiver;

  const send = (from: TestUser, to: TestUser, content: string) =>
    t.post('messages', { to_user: to.id, message_type: 'text', content }, { token: from.token });

  async function stored(content: string): Promise<number> {
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM messages WHERE content = $1`, [content]);
    return rows[0].n;
  }

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    receiver = await startReceiver();
    const app = await t.post(
      'apps',
      { name: 'Moderator', redirect_uris: [], scopes: ['party_user', 'party_message'] },
      { token: owner.token },
    );
    appId = app.body.id;
    const hook = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.before_send'], timeout_ms: 300 },
      { token: owner.token },
    );
    expect(hook.status).toBe(201);
    hookId = hook.body.id;
    secret = hook.body.secret;
    const issued = await t.app.get(TokenService).issue({
      userId: bob.id,
      appId,
      scopes: ['party_message'],
      grantType: 'authorization_code',
      expiresIn: 3600,
      refreshTtlSeconds: null,
    });
    grantId = issued.id;
  });

  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('asks the hook, signed, before storing, and stores what it allows', async () => {
    receiver.respond = () => ({ status: 200, body: { action: 'allow' } });
    const sent = await send(bob, carol, 'hello there');
    expect(sent.status).toBe(201);
    expect(sent.body.content).toBe('hello there');
    const [asked] = await receiver.waitFor(1);
    expect(asked.body).toMatchObject({
      type: 'message.before_send',
      user_id: bob.id,
      data: {
        sender_id: bob.id,
        to_user: carol.id,
        to_group: null,
        message_type: 'text',
        content: 'hello there',
      },
    });
    expect(
      verifySignature(
        String(asked.headers['party-signature']),
        asked.raw,
        secret,
        300,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
  });

  it('refuses the send with 422 rejected_by_app and the reason, storing nothing', async () => {
    receiver.respond = () => ({
      status: 200,
      body: { action: 'reject', reason: 'Links are not allowed' },
    });
    const sent = await send(bob, carol, 'buy now http://spam.example');
    expect(sent.status).toBe(422);
    expect(sent.body).toMatchObject({
      code: 'rejected_by_app',
      reason: 'Links are not allowed',
      app_id: appId,
    });
    expect(sent.body.error).toContain('Links are not allowed');
    expect(await stored('buy now http://spam.example')).toBe(0);
  });

  it('stores the content the hook modified', async () => {
    receiver.respond = () => ({
      status: 200,
      body: { action: 'modify', content: 'my number is [hidden]' },
    });
    const sent = await send(bob, carol, 'my number is 13800138000');
    expect(sent.status).toBe(201);
    expect(sent.body.content).toBe('my number is [hidden]');
    expect(await stored('my number is 13800138000')).toBe(0);
    const history = await t.get(`conversations/user/${bob.id}/messages`, { token: carol.token });
    expect(history.body.data[0].content).toBe('my number is [hidden]');
  });

  it('lets a message through on a timeout or a bad answer when on_failure is allow', async () => {
    receiver.respond = () => ({ status: 200, body: { action: 'allow' }, delayMs: 1500 });
    const slow = await send(bob, carol, 'waited for nobody');
    expect(slow.status).toBe(201);
    receiver.respond = () => ({ status: 500 });
    expect((await send(bob, carol, 'hook is broken')).status).toBe(201);
    receiver.respond = () => ({ status: 200, body: { action: 'modify' } });
    expect((await send(bob, carol, 'modify without content')).body.content).toBe(
      'modify without content',
    );
    receiver.respond = () => ({ status: 200, body: { action: 'modify', content: '   ' } });
    expect((await send(bob, carol, 'not to be emptied')).body.content).toBe('not to be emptied');
  });

  it('refuses on a timeout or a bad answer when on_failure is reject', async () => {
    const patched = await t.patch(
      `apps/${appId}/webhooks/${hookId}`,
      { on_failure: 'reject' },
      { token: owner.token },
    );
    expect(patched.body.on_failure).toBe('reject');
    receiver.respond = () => ({ status: 200, body: { action: 'allow' }, delayMs: 1500 });
    const slow = await send(bob, carol, 'too slow to check');
    expect(slow.status).toBe(422);
    expect(slow.body.code).toBe('rejected_by_app');
    expect(slow.body.reason).toContain('timeout');
    receiver.respond = () => ({ status: 200, body: 'not json at all' });
    expect((await send(bob, carol, 'garbled verdict')).status).toBe(422);
    expect(await stored('too slow to check')).toBe(0);
    await t.patch(
      `apps/${appId}/webhooks/${hookId}`,
      { on_failure: 'allow' },
      { token: owner.token },
    );
  });

  it('is not asked about users who did not grant the app, nor after the grant is revoked', async () => {
    receiver.respond = () => ({ status: 200, body: { action: 'reject', reason: 'no' } });
    const before = receiver.received.length;
    expect((await send(carol, bob, 'from carol')).status).toBe(201);
    await t.app.get(TokenService).revoke(grantId);
    expect((await send(bob, carol, 'after revoking')).status).toBe(201);
    expect(receiver.received.length).toBe(before);
  });
});
