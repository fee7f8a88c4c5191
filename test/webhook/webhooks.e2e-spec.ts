import { createAppClient, createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { Receiver, startReceiver } from './receiver';

describe('Webhook endpoints (apps/{id}/webhooks)', () => {
  let t: TestApp;
  let owner: TestUser;
  let stranger: TestUser;
  let appId: string;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await createUser(t);
    stranger = await createUser(t);
    receiver = await startReceiver();
    const created = await t.post(
      'apps',
      { name: 'Moderation bot', redirect_uris: [], scopes: ['party_user', 'party_message'] },
      { token: owner.token },
    );
    expect(created.status).toBe(201);
    appId = created.body.id;
  });

  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('creates an endpoint with a generated secret shown once, then lists, reads, changes and deletes it', async () => {
    const created = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.created'] },
      { token: owner.token },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      app_id: appId,
      url: receiver.url,
      events: ['message.created'],
      on_failure: 'allow',
      timeout_ms: 1500,
      enabled: true,
      disabled_reason: null,
      previous_secret_expires_at: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const id = created.body.id;

    const listed = await t.get(`apps/${appId}/webhooks`, { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.body.total_count).toBe(1);
    expect(listed.body.data[0].id).toBe(id);
    expect(listed.body.data[0]).not.toHaveProperty('secret');

    const read = await t.get(`apps/${appId}/webhooks/${id}`, { token: owner.token });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');

    const patched = await t.patch(
      `apps/${appId}/webhooks/${id}`,
      { events: ['message.created', 'notification.created'], enabled: false },
      { token: owner.token },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      events: ['message.created', 'notification.created'],
      enabled: false,
      disabled_reason: null,
    });
    expect(patched.body.disabled_at).toEqual(expect.any(String));

    const removed = await t.delete(`apps/${appId}/webhooks/${id}`, { token: owner.token });
    expect(removed.status).toBe(204);
    expect((await t.get(`apps/${appId}/webhooks/${id}`, { token: owner.token })).status).toBe(404);
  });

  it('keeps the secret it is given and rotates it with an overlap', async () => {
    const created = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.created'], secret: 'my-own-secret-0123456789' },
      { token: owner.token },
    );
    expect(created.body.secret).toBe('my-own-secret-0123456789');
    const rotated = await t.post(
      `apps/${appId}/webhooks/${created.body.id}/rotate-secret`,
      { overlap_seconds: 600 },
      { token: owner.token },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe('my-own-secret-0123456789');
    const expires = Date.parse(rotated.body.previous_secret_expires_at);
    expect(expires - Date.now()).toBeGreaterThan(500_000);
    expect(expires - Date.now()).toBeLessThan(700_000);
    // PATCH with a secret rotates too, with the default one-day overlap; the answer hides it.
    const patched = await t.patch(
      `apps/${appId}/webhooks/${created.body.id}`,
      { secret: 'a-secret-i-chose-myself-42' },
      { token: owner.token },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty('secret');
    expect(Date.parse(patched.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(
      23 * 3600_000,
    );
    await t.delete(`apps/${appId}/webhooks/${created.body.id}`, { token: owner.token });
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/x', events: ['message.created'] }, 'url'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: receiver.url, events: ['message.exploded'] }, 'events'],
      [{ url: receiver.url, events: ['message.before_send', 'message.created'] }, 'events'],
      // The app may hold party_user and party_message only: group events are out of its reach.
      [{ url: receiver.url, events: ['group.created'] }, 'events'],
      [{ url: receiver.url, events: ['message.created'], secret: 'short' }, 'secret'],
      [{ url: receiver.url, events: ['message.created'], on_failure: 'maybe' }, 'on_failure'],
      [{ url: receiver.url, events: ['message.created'], timeout_ms: 6000 }, 'timeout_ms'],
      [{ url: receiver.url, events: ['message.created'], secret: null }, 'secret'],
      [{ url: 'http://no-such-host.invalid/hook', events: ['message.created'] }, 'url'],
    ];
    for (const [body, field] of cases) {
      const answer = await t.post(`apps/${appId}/webhooks`, body, { token: owner.token });
      expect(answer.status).toBe(400);
      expect(answer.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const listed = await t.get(`apps/${appId}/webhooks`, { token: owner.token });
    expect(listed.body.total_count).toBe(0);
  });

  it('allows one before-send hook per app', async () => {
    const first = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.before_send'], on_failure: 'reject', timeout_ms: 800 },
      { token: owner.token },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ on_failure: 'reject', timeout_ms: 800 });
    const second = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.before_send'] },
      { token: owner.token },
    );
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('webhook_before_send_exists');
    await t.delete(`apps/${appId}/webhooks/${first.body.id}`, { token: owner.token });
  });

  it("answers 404 for another user's app and its webhooks, 401 without a token, 403 without the scope", async () => {
    const created = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.created'] },
      { token: owner.token },
    );
    const id = created.body.id;
    const other = { token: stranger.token };
    expect((await t.get(`apps/${appId}/webhooks`, other)).status).toBe(404);
    expect((await t.get(`apps/${appId}/webhooks/${id}`, other)).status).toBe(404);
    expect((await t.patch(`apps/${appId}/webhooks/${id}`, { enabled: false }, other)).status).toBe(
      404,
    );
    expect((await t.delete(`apps/${appId}/webhooks/${id}`, other)).status).toBe(404);
    expect((await t.post(`apps/${appId}/webhooks/${id}/ping`, {}, other)).status).toBe(404);
    expect((await t.get(`apps/${appId}/webhooks/${id}/deliveries`, other)).status).toBe(404);
    expect(
      (
        await t.post(
          `apps/${appId}/webhooks`,
          { url: receiver.url, events: ['message.created'] },
          other,
        )
      ).status,
    ).toBe(404);
    // A system app has no owner: only the operator CLI manages its webhooks.
    const system = await createAppClient(t, { scopes: ['party_admin'], system: true });
    expect((await t.get(`apps/${system.appId}/webhooks`, { token: owner.token })).status).toBe(404);
    expect((await t.get('apps/not-a-uuid/webhooks', { token: owner.token })).status).toBe(404);
    expect(
      (await t.get(`apps/${appId}/webhooks/${id}/deliveries/x/redeliver`, { token: owner.token }))
        .status,
    ).toBe(404);

    expect((await t.get(`apps/${appId}/webhooks`)).status).toBe(401);
    const narrow = await createUser(t, { scopes: ['party_message'] });
    const denied = await t.get(`apps/${appId}/webhooks`, { token: narrow.token });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');

    const still = await t.get(`apps/${appId}/webhooks/${id}`, { token: owner.token });
    expect(still.body.enabled).toBe(true);
  });

  it('pings an endpoint with a signed request and reports the answer', async () => {
    const created = await t.post(
      `apps/${appId}/webhooks`,
      { url: receiver.url, events: ['message.created'] },
      { token: owner.token },
    );
    receiver.respond = () => ({ status: 200, body: { ok: true } });
    const ping = await t.post(
      `apps/${appId}/webhooks/${created.body.id}/ping`,
      {},
      { token: owner.token },
    );
    expect(ping.status).toBe(200);
    expect(ping.body).toMatchObject({ delivered: true, status_code: 200, error: null });
    const [request] = await receiver.waitFor(1, (r) => r.body?.type === 'webhook.ping');
    expect(request.body.data).toEqual({ webhook_id: created.body.id, app_id: appId });
    expect(request.headers['party-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    receiver.respond = () => ({ status: 503 });
    const failing = await t.post(
      `apps/${appId}/webhooks/${created.body.id}/ping`,
      {},
      { token: owner.token },
    );
    expect(failing.body).toMatchObject({ delivered: false, status_code: 503, error: 'http_503' });
    receiver.respond = () => ({ status: 200, body: {} });
  });
});
