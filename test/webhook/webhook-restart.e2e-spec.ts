import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { sha256Hex } from '../../src/common/crypto/secrets';
import { verifySignature } from '../../src/webhook/webhook-signature';
import { Instance, kill, requireBuiltServer, startInstance } from '../support/instance';
import { withClient } from '../support/test-app';
import { Receiver, startReceiver } from './receiver';

const CLI = resolve(__dirname, '../../dist/src/cli.js');
const SENDS = 15;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * A system app's webhook (registered with the operator CLI) while its receiver is down: Party is
 * killed (-9) with the deliveries queued, a new process starts on the same database, the
 * receiver comes up, and every delivery arrives, signed, in order per user.
 */
const shared = process.env.DATABASE_URL ? describe : describe.skip;
shared('webhook deliveries across kill -9', () => {
  // Computed in the hooks: without DATABASE_URL the suite is skipped, yet this body still runs.
  const serverUrl = process.env.DATABASE_URL ?? '';
  const name = `party_test_${randomBytes(6).toString('hex')}`;
  let databaseUrl = '';
  const env = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '300' };
  let instance: Instance | null = null;
  let receiver: Receiver | null = null;

  beforeAll(async () => {
    requireBuiltServer();
    databaseUrl = withDatabase(serverUrl, name);
    await withClient(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  });

  afterAll(async () => {
    if (instance) await kill(instance);
    await receiver?.close();
    await withClient(serverUrl, (admin) =>
      admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  });

  it('delivers everything queued before the crash once Party and the receiver are back', async () => {
    // A port nothing listens on yet: every attempt before the crash is refused.
    const probe = await startReceiver();
    const port = probe.port;
    await probe.close();

    instance = await startInstance(databaseUrl, env);
    const seeded = await withClient(databaseUrl, async (db) => {
      const clientId = `sys_${randomBytes(6).toString('hex')}`;
      await db.query(
        `INSERT INTO apps (client_id, client_secret_hash, name, scopes, is_system)
         VALUES ($1, $2, 'Archive', ARRAY['party_admin', 'party_message'], true)`,
        [clientId, 'x'.repeat(64)],
      );
      const users: { id: string; token: string }[] = [];
      for (const nick of ['alice', 'bob']) {
        const [user] = (
          await db.query(
            `INSERT INTO users (username, username_lower, password_hash, nickname)
             VALUES ($1, $1, 'x', $2) RETURNING id`,
            [`${nick}${randomBytes(3).toString('hex')}`, nick],
          )
        ).rows as { id: string }[];
        const token = randomBytes(24).toString('hex');
        await db.query(
          `INSERT INTO oauth_tokens (access_token_hash, family_id, user_id, scopes, grant_type,
             access_expires_at)
           VALUES ($1, $2, $3, ARRAY['party_user', 'party_message'], 'password', now() + interval '1 hour')`,
          [sha256Hex(token), randomUUID(), user.id],
        );
        users.push({ id: user.id, token });
      }
      return { clientId, alice: users[0], bob: users[1] };
    });

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        CLI,
        'webhooks:create',
        '--app',
        seeded.clientId,
        '--url',
        `http://127.0.0.1:${port}/hook`,
        '--events',
        'message.created',
      ],
      { env: { ...process.env, ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } },
    );
    const created = JSON.parse(stdout) as { id: string; secret: string };
    expect(created.secret).toMatch(/^whsec_/);

    for (let i = 1; i <= SENDS; i += 1) {
      const sent = await fetch(`${instance.baseUrl}/api/party/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${seeded.alice.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ to_user: seeded.bob.id, message_type: 'text', content: `m${i}` }),
      });
      expect(sent.status).toBe(201);
    }
    // A system app hears every user: both sides of each message, queued and already tried.
    await waitUntil(
      () =>
        withClient(databaseUrl, async (db) => {
          const { rows } = await db.query(
            `SELECT count(*)::int AS n, count(*) FILTER (WHERE attempts > 0)::int AS tried
             FROM webhook_deliveries`,
          );
          return rows[0].n === SENDS * 2 && rows[0].tried >= 2;
        }),
      60_000,
    );
    await kill(instance);
    instance = null;

    receiver = await startReceiver(port);
    instance = await startInstance(databaseUrl, env);
    const got = await receiver.waitFor(SENDS * 2, () => true, 150_000);

    const ids = new Set(got.map((r) => r.headers['party-webhook-id']));
    expect(ids.size).toBe(SENDS * 2);
    for (const request of got) {
      expect(
        verifySignature(
          String(request.headers['party-signature']),
          request.raw,
          created.secret,
          300,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);
    }
    for (const user of [seeded.alice, seeded.bob]) {
      const contents = got
        .filter((r) => r.body.user_id === user.id)
        .map((r) => r.body.data.content as string);
      expect(contents).toEqual(Array.from({ length: SENDS }, (_, i) => `m${i + 1}`));
    }
  }, 240_000);
});
