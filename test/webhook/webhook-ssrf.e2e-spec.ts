import { DataSource } from 'typeorm';
import { isForbiddenAddress } from '../../src/webhook/webhook-address';
import { postJson } from '../../src/webhook/webhook-http';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { Receiver, startReceiver } from './receiver';

describe('SSRF: webhook URLs may not reach internal addresses', () => {
  let t: TestApp;
  let owner: TestUser;
  let appId: string;
  let receiver: Receiver;

  beforeAll(async () => {
    // WEBHOOK_ALLOW_PRIVATE is not set: the guard is on.
    t = await startTestApp();
    owner = await createUser(t);
    receiver = await startReceiver();
    const app = await t.post(
      'apps',
      { name: 'Probe', redirect_uris: [], scopes: ['party_user', 'party_message'] },
      { token: owner.token },
    );
    appId = app.body.id;
  });

  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.5/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/latest/meta-data/',
    'http://0.0.0.0/hook',
    'http://224.0.0.1/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:a9fe:a9fe]/hook',
    'http://[fd00:ec2::254]/hook',
    'http://[fe80::1]/hook',
    'http://[64:ff9b::a00:1]/hook',
  ])('refuses %s at registration with a 400 naming url', async (url) => {
    const answer = await t.post(
      `apps/${appId}/webhooks`,
      { url, events: ['message.created'] },
      { token: owner.token },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      expect.objectContaining({ field: 'url', code: 'webhook_url_forbidden' }),
    ]);
  });

  it('refuses an internal URL on change too, and keeps the old one', async () => {
    const dataSource = t.app.get(DataSource);
    const [row] = await dataSource.query(
      `INSERT INTO webhooks (app_id, url, events, secret) VALUES ($1, 'https://hooks.example.com/party', ARRAY['message.created'], 'whsec_0123456789abcdef') RETURNING id`,
      [appId],
    );
    const answer = await t.patch(
      `apps/${appId}/webhooks/${row.id}`,
      { url: 'http://127.0.0.1/admin' },
      { token: owner.token },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.details[0]).toMatchObject({ field: 'url', code: 'webhook_url_forbidden' });
    const kept = await t.get(`apps/${appId}/webhooks/${row.id}`, { token: owner.token });
    expect(kept.body.url).toBe('https://hooks.example.com/party');
    await t.delete(`apps/${appId}/webhooks/${row.id}`, { token: owner.token });
  });

  it('checks again at each delivery: an endpoint that now resolves inside gets nothing', async () => {
    const bob = await createUser(t);
    const carol = await createUser(t);
    // As if its name had been re-pointed at a loopback address after registration.
    const dataSource = t.app.get(DataSource);
    const [hook] = await dataSource.query(
      `INSERT INTO webhooks (app_id, url, events, secret) VALUES ($1, $2, ARRAY['message.created'], 'whsec_0123456789abcdef') RETURNING id`,
      [appId, receiver.url],
    );
    await dataSource.query(`UPDATE apps SET is_system = true WHERE id = $1`, [appId]);
    const sent = await t.post(
      'messages',
      { to_user: carol.id, message_type: 'text', content: 'to an internal address' },
      { token: bob.token },
    );
    expect(sent.status).toBe(201);
    let log: any[] = [];
    for (let i = 0; i < 100 && log.filter((d) => d.status === 'failed').length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = await dataSource.query(
        `SELECT status, last_error FROM webhook_deliveries WHERE webhook_id = $1`,
        [hook.id],
      );
    }
    expect(log).toHaveLength(2);
    for (const entry of log)
      expect(entry).toMatchObject({ status: 'failed', last_error: 'forbidden_address' });
    expect(receiver.received).toHaveLength(0);
    await dataSource.query(`UPDATE apps SET is_system = false WHERE id = $1`, [appId]);
  });

  it('refuses a loopback target at send time unless WEBHOOK_ALLOW_PRIVATE', async () => {
    const refused = await postJson(receiver.url, '{}', {}, 1000, false);
    expect(refused).toEqual({ kind: 'failed', error: 'forbidden_address' });
    const allowed = await postJson(
      receiver.url.replace('127.0.0.1', 'localhost'),
      '{}',
      {},
      1000,
      true,
    );
    expect(allowed).toMatchObject({ kind: 'answered', status: 200 });
  });

  it('classifies addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '::1',
      '::ffff:10.0.0.1',
      'fc00::1',
      '2002:7f00:1::1',
      '198.18.0.1',
    ]) {
      expect(isForbiddenAddress(address)).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isForbiddenAddress(address)).toBe(false);
    }
  });
});
