import { Client } from 'pg';
import { EventRetentionService } from '../../src/events/event-retention.service';
import { createUser, TestUser } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { drain } from './realtime-support';

describe('event retention', () => {
  let t: TestApp;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ EVENT_RETENTION_DAYS: '7' });
    bob = await createUser(t);
  });
  afterAll(() => t.close());

  it('deletes events older than EVENT_RETENTION_DAYS; cursors before them answer 410', async () => {
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    let oldCursor: string;
    try {
      const [old] = (
        await db.query(
          `WITH e AS (
             INSERT INTO event_log (type, data, created_at)
             VALUES ('notification.created', '{"n": 1}', now() - interval '8 days'),
                    ('notification.created', '{"n": 2}', now() - interval '8 days')
             RETURNING id, xid
           ) INSERT INTO event_recipients (user_id, xid, event_id)
             SELECT $1, xid, id FROM e RETURNING xid::text, event_id::text`,
          [bob.id],
        )
      ).rows as { xid: string; event_id: string }[];
      oldCursor = `${old.xid}-${Number(old.event_id) - 1}`;
      await db.query(
        `WITH e AS (INSERT INTO event_log (type, data) VALUES ('notification.created', '{"n": 3}') RETURNING id, xid)
         INSERT INTO event_recipients (user_id, xid, event_id) SELECT $1, xid, id FROM e`,
        [bob.id],
      );
    } finally {
      await db.end();
    }
    const before = await drain(t, bob.token, oldCursor);
    expect(before.events.map((e) => e.data.n)).toEqual([1, 2, 3]);
    const firstId = before.events[0].id as string;

    expect(await t.app.get(EventRetentionService).purge()).toBe(2);

    const expired = await t.get('events', { token: bob.token, query: { cursor: oldCursor } });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('cursor_expired');
    expect((await t.get('events', { token: bob.token, query: { cursor: firstId } })).status).toBe(
      410,
    );
    const lastOld = before.events[1].id as string;
    const kept = await drain(t, bob.token, lastOld);
    expect(kept.events.map((e) => e.data.n)).toEqual([3]);
  });

  it('pages through more events than a page holds, in order, each once', async () => {
    const carol = await createUser(t);
    const start = (await t.get('events', { token: carol.token })).body.next_cursor as string;
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `WITH e AS (
           INSERT INTO event_log (type, data)
           SELECT 'notification.created', jsonb_build_object('n', n) FROM generate_series(1, 250) n
           ORDER BY n RETURNING id, xid
         ) INSERT INTO event_recipients (user_id, xid, event_id) SELECT $1, xid, id FROM e`,
        [carol.id],
      );
    } finally {
      await db.end();
    }
    const first = await t.get('events', { token: carol.token, query: { cursor: start } });
    expect(first.body.data).toHaveLength(100);
    expect(first.body.has_more).toBe(true);
    const { events } = await drain(t, carol.token, start);
    expect(events.map((e) => e.data.n)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });
});
