import { DataSource } from 'typeorm';
import { TokenService } from '../../src/auth/token.service';
import { Scope } from '../../src/common/http/request-principal';
import { Clock } from '../../src/message/clock';
import { verifySignature } from '../../src/webhook/webhook-signature';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { Received, Receiver, startReceiver } from './receiver';

/** The receiver's side of the contract: every delivery's signature verifies with the secret. */
function verified(request: Received, secret: string): boolean {
  return verifySignature(
    String(request.headers['party-signature']),
    request.raw,
    secret,
    300,
    Math.floor(Date.now() / 1000),
  );
}

describe('Webhook deliveries', () => {
  let t: TestApp;
  let owner: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let appId: string;
  let receiver: Receiver;
  let hookId: string;
  let secret: string;
  const grants = new Map<string, string>();

  async function grant(user: TestUser, scopes: Scope[]): Promise<void> {
    const issued = await t.app.get(TokenService).issue({
      userId: user.id,
      appId,
      scopes,
      grantType: 'authorization_code',
      expiresIn: 3600,
      refreshTtlSeconds: null,
    });
    grants.set(user.id, issued.id);
  }

  async function send(from: TestUser, to: TestUser, content: string) {
    const sent = await t.post(
      'messages',
      { to_user: to.id, message_type: 'text', content },
      { token: from.token },
    );
    expect(sent.status).toBe(201);
    return sent.body;
  }

  async function deliveries(hook = hookId): Promise<any[]> {
    const page = await t.get(`apps/${appId}/webhooks/${hook}/deliveries`, {
      token: owner.token,
      query: { per_page: 100 },
    });
    expect(page.status).toBe(200);
    return page.body.data;
  }

  /**
   * The delivery log once `settled` holds: a receiver has its request before the worker records
   * the answer, so what the log says of the last attempt lags the receiver a little.
   */
  async function deliveriesWhen(settled: (log: any[]) => boolean): Promise<any[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const log = await deliveries();
      if (settled(log) || Date.now() > deadline) return log;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '200' });
    owner = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    dave = await createUser(t);
    receiver = await startReceiver();
    const app = await t.post(
      'apps',
      {
        name: 'CRM sync',
        redirect_uris: [],
        scopes: ['party_user', 'party_message', 'party_contact'],
      },
      { token: owner.token },
    );
    appId = app.body.id;
    const hook = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.created', 'friend_request.created'] },
      { token: owner.token },
    );
    expect(hook.status).toBe(201);
    hookId = hook.body.id;
    secret = hook.body.secret;
    await grant(bob, ['party_user', 'party_message']);
    await grant(carol, ['party_contact']);
  });

  afterAll(async () => {
    t.app.get(Clock).reset();
    await receiver.close();
    await t.close();
  });

  it('delivers signed events of the users who granted the app, filtered by their scopes', async () => {
    const message = await send(bob, carol, 'hello carol');
    const request = await t.post(
      'friend-requests',
      { friend_id: dave.id, message: 'hi dave' },
      { token: carol.token },
    );
    expect(request.status).toBe(201);

    const got = await receiver.waitFor(2);
    const messageCreated = got.find((r) => r.body.type === 'message.created');
    const friendRequest = got.find((r) => r.body.type === 'friend_request.created');
    expect(messageCreated).toBeDefined();
    expect(friendRequest).toBeDefined();
    for (const delivery of [messageCreated!, friendRequest!]) {
      expect(verified(delivery, secret)).toBe(true);
      expect(verified(delivery, 'whsec_not-the-secret-at-all')).toBe(false);
      expect(delivery.headers['party-webhook-attempt']).toBe('1');
      expect(delivery.headers['party-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(delivery.body).sort()).toEqual([
        'created_at',
        'data',
        'id',
        'type',
        'user_id',
      ]);
      expect(delivery.body.id).toMatch(/^\d+-\d+$/);
      expect(delivery.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // Bob granted party_message: his message.created (data as the event stream has it).
    expect(messageCreated!.body.user_id).toBe(bob.id);
    expect(messageCreated!.body.data).toMatchObject({
      id: message.id,
      seq: message.seq,
      content: 'hello carol',
      sender: { id: bob.id },
    });
    // Carol granted party_contact only: her friend request, not the message she received.
    expect(friendRequest!.body.user_id).toBe(carol.id);
    expect(friendRequest!.body.data).toMatchObject({ message: 'hi dave' });

    const log = await deliveriesWhen(
      (entries) => entries.length === 2 && entries.every((d) => d.status === 'delivered'),
    );
    expect(log).toHaveLength(2);
    expect(log.map((d) => `${d.event_type}:${d.user_id}`).sort()).toEqual(
      [`friend_request.created:${carol.id}`, `message.created:${bob.id}`].sort(),
    );
    for (const entry of log) {
      expect(entry).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200 });
      expect(entry.status_string).toEqual(expect.any(String));
      expect(entry.delivered_at).toEqual(expect.any(String));
    }
    // Dave never granted the app: nothing of his, although the request reached him.
    expect(log.some((d) => d.user_id === dave.id)).toBe(false);
  });

  it("keeps one user's deliveries in order", async () => {
    const before = receiver.received.length;
    for (let i = 1; i <= 6; i += 1) await send(bob, carol, `in order ${i}`);
    await receiver.waitFor(before + 6);
    const contents = receiver.received
      .slice(before)
      .filter((r) => r.body.type === 'message.created')
      .map((r) => r.body.data.content);
    expect(contents).toEqual([1, 2, 3, 4, 5, 6].map((i) => `in order ${i}`));
  });

  it('retries a receiver that answers 500 with the same Party-Webhook-Id and the next attempt number', async () => {
    let failures = 0;
    receiver.respond = (r) => {
      if (r.body?.data?.content === 'flaky' && failures < 1) {
        failures += 1;
        return { status: 500 };
      }
      return { status: 200 };
    };
    await send(bob, carol, 'flaky');
    const attempts = await receiver.waitFor(2, (r) => r.body?.data?.content === 'flaky');
    expect(attempts.map((r) => r.headers['party-webhook-attempt'])).toEqual(['1', '2']);
    expect(attempts[0].headers['party-webhook-id']).toBe(attempts[1].headers['party-webhook-id']);
    expect(attempts[0].raw).toBe(attempts[1].raw);
    const id = attempts[0].headers['party-webhook-id'];
    const log = await deliveriesWhen((entries) =>
      entries.some((d) => d.id === id && d.status === 'delivered'),
    );
    expect(log.find((d) => d.id === id)).toMatchObject({ attempts: 2, status: 'delivered' });
    receiver.respond = () => ({ status: 200 });
  });

  it('waits at least Retry-After after a 429', async () => {
    let limited = false;
    receiver.respond = (r) => {
      if (r.body?.data?.content === 'slow down' && !limited) {
        limited = true;
        return { status: 429, headers: { 'retry-after': '2' } };
      }
      return { status: 200 };
    };
    await send(bob, carol, 'slow down');
    const attempts = await receiver.waitFor(2, (r) => r.body?.data?.content === 'slow down');
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(2000);
    receiver.respond = () => ({ status: 200 });
  });

  it('does not retry a 4xx other than 408 and 429, and goes on with the next delivery', async () => {
    receiver.respond = (r) =>
      r.body?.data?.content === 'refused' ? { status: 410 } : { status: 200 };
    await send(bob, carol, 'refused');
    await send(bob, carol, 'after the refusal');
    await receiver.waitFor(1, (r) => r.body?.data?.content === 'after the refusal');
    expect(receiver.received.filter((r) => r.body?.data?.content === 'refused')).toHaveLength(1);
    const refused = (await deliveries()).find((d) => d.last_status_code === 410);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, last_error: 'http_410' });
    const failedOnly = await t.get(`apps/${appId}/webhooks/${hookId}/deliveries`, {
      token: owner.token,
      query: { status: 'failed' },
    });
    expect(failedOnly.body.data.map((d: { id: string }) => d.id)).toEqual([refused.id]);
    const badFilter = await t.get(`apps/${appId}/webhooks/${hookId}/deliveries`, {
      token: owner.token,
      query: { status: 'lost' },
    });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.details[0].field).toBe('status');
    receiver.respond = () => ({ status: 200 });
  });

  it('redelivers a delivery with the same id and the next attempt number', async () => {
    const [first] = (await deliveries()).filter((d) => d.status === 'delivered');
    const before = receiver.received.length;
    const answer = await t.post(
      `apps/${appId}/webhooks/${hookId}/deliveries/${first.id}/redeliver`,
      {},
      { token: owner.token },
    );
    expect(answer.status).toBe(202);
    expect(answer.body.status).toBe('pending');
    const [again] = await receiver.waitFor(
      1,
      (r) => r.headers['party-webhook-id'] === first.id && receiver.received.indexOf(r) >= before,
    );
    expect(again.headers['party-webhook-attempt']).toBe(String(first.attempts + 1));
    const unknown = await t.post(
      `apps/${appId}/webhooks/${hookId}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`,
      {},
      { token: owner.token },
    );
    expect(unknown.status).toBe(404);
    const stranger = await t.post(
      `apps/${appId}/webhooks/${hookId}/deliveries/${first.id}/redeliver`,
      {},
      { token: carol.token },
    );
    expect(stranger.status).toBe(404);
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const rotated = await t.post(
      `apps/${appId}/webhooks/${hookId}/rotate-secret`,
      { overlap_seconds: 3600 },
      { token: owner.token },
    );
    expect(rotated.status).toBe(200);
    await send(bob, carol, 'rotated');
    const [delivery] = await receiver.waitFor(1, (r) => r.body?.data?.content === 'rotated');
    expect(String(delivery.headers['party-signature'])).toMatch(
      /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/,
    );
    expect(verified(delivery, rotated.body.secret)).toBe(true);
    expect(verified(delivery, secret)).toBe(true);
    secret = rotated.body.secret;
  });

  it("stops delivering a user's events once he revokes the grant", async () => {
    await t.app.get(TokenService).revoke(grants.get(bob.id)!);
    await send(bob, carol, 'after revoking');
    // Carol still granted party_contact: her next friend request is delivered, after Bob's send.
    await t.post('friend-requests', { friend_id: bob.id }, { token: carol.token });
    await receiver.waitFor(
      1,
      (r) => r.body?.type === 'friend_request.created' && r.body.data.to_user?.id === bob.id,
    );
    expect(receiver.received.some((r) => r.body?.data?.content === 'after revoking')).toBe(false);
    const dataSource = t.app.get(DataSource);
    const rows = await dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN event_log e ON e.id = d.event_id
       WHERE d.user_id = $1 AND e.data->>'content' = 'after revoking'`,
      [bob.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('disables the endpoint after 3 days of failures and tells its owner', async () => {
    await grant(bob, ['party_message']);
    receiver.respond = (r) =>
      r.body?.data?.content?.startsWith('doomed')
        ? { status: 503, headers: { 'retry-after': '1' } }
        : { status: 200 };
    await send(bob, carol, 'doomed');
    await receiver.waitFor(1, (r) => r.body?.data?.content === 'doomed');
    t.app.get(Clock).advance(3 * 24 * 3600 * 1000);
    await receiver.waitFor(2, (r) => r.body?.data?.content === 'doomed');
    let hook: any;
    for (let i = 0; i < 100; i += 1) {
      hook = (await t.get(`apps/${appId}/webhooks/${hookId}`, { token: owner.token })).body;
      if (!hook.enabled) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(hook).toMatchObject({ enabled: false, disabled_reason: 'retries_exhausted' });
    const doomed = (await deliveries()).find((d) => d.last_error === 'http_503');
    expect(doomed).toMatchObject({ status: 'failed', attempts: 2, last_status_code: 503 });
    const notices = await t.get('notifications', { token: owner.token });
    expect(notices.body.data[0]).toMatchObject({
      title: 'Webhook disabled: CRM sync',
      app: { id: appId },
    });
    expect(notices.body.data[0].content).toContain(receiver.url);

    // A disabled endpoint is not written to: what happens meanwhile is not queued for it.
    await send(bob, carol, 'while disabled');
    receiver.respond = () => ({ status: 200 });
    const resumed = await t.patch(
      `apps/${appId}/webhooks/${hookId}`,
      { enabled: true },
      { token: owner.token },
    );
    expect(resumed.body).toMatchObject({ enabled: true, disabled_reason: null, disabled_at: null });
    await send(bob, carol, 'after re-enabling');
    await receiver.waitFor(1, (r) => r.body?.data?.content === 'after re-enabling');
    expect(receiver.received.some((r) => r.body?.data?.content === 'while disabled')).toBe(false);
  });
});
