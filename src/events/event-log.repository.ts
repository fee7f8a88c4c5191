import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventDraft } from './event-catalogue';
import { EventPosition } from './event-position';

export interface StoredEventRow {
  id: string;
  xid: string;
  type: string;
  created_at: Date;
  data: Record<string, unknown>;
  conversation_id: string | null;
  seq: number | null;
  /** Listed recipients (null for a group event: its audience is the conversation's members). */
  user_ids: string[] | null;
}

export interface UserEventRow {
  id: string;
  xid: string;
  type: string;
  created_at: Date;
  /** Null when the reader's scopes do not cover the type (still a position he has passed). */
  data: Record<string, unknown> | null;
}

export interface ReadResult<T> {
  rows: T[];
  /** The oldest transaction still running when the read was made. */
  xmin: bigint;
}

export interface TailResult extends ReadResult<StoredEventRow> {
  /** Events of still-running (or just committed) transactions wait behind `xmin`. */
  pending: boolean;
}

export interface MembershipWindow {
  conversation_id: string;
  user_id: string;
  joined_seq: number;
  left_seq: number | null;
  muted: boolean;
}

/**
 * The oldest transaction of this database that may still commit events: the smallest xid among
 * the running transactions holding a lock on one of its relations (a transaction holds one from
 * before its xid is assigned until it ends; pg_locks shows every role's), else the next xid to
 * be assigned. `pg_snapshot_xmin` would do, but it counts every database of the server: one idle
 * transaction elsewhere would stall delivery here. Read in a statement of its own, before the
 * events: whatever ended in between is then visible to the read, whatever starts after gets a
 * larger xid.
 */
const READ_HORIZON = `
  WITH snap AS (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next),
  here AS (SELECT oid FROM pg_database WHERE datname = current_database()),
  running AS (
    -- One pass over the lock table, grouped by transaction (a self-join is quadratic in locks).
    SELECT min(l.transactionid::text::bigint) FILTER (
             WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted) AS x
    FROM pg_locks l
    GROUP BY l.virtualtransaction
    HAVING bool_or(l.locktype = 'relation' AND l.database = (SELECT oid FROM here))
  ),
  -- pg_locks shows 32-bit xids: widen each by its distance to \`next\` (a transaction that got
  -- its xid after this statement's snapshot comes out above \`next\` and changes nothing).
  widened AS (
    SELECT CASE WHEN d < 2147483648 THEN snap.next - d ELSE snap.next + (4294967296 - d) END AS xid
    FROM snap, running,
         LATERAL (SELECT ((snap.next & 4294967295) - running.x + 4294967296) % 4294967296 AS d) AS distance
    WHERE running.x IS NOT NULL
  )
  SELECT least(snap.next, (SELECT min(xid) FROM widened))::text AS horizon FROM snap`;

/** SQL of the event log (module events); nothing else reads or writes its tables. */
@Injectable()
export class EventLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes the events (and their listed recipients) in one statement, inside `tx`. */
  async insert(tx: EntityManager, drafts: readonly EventDraft[]): Promise<void> {
    const types: string[] = [];
    const conversations: (string | null)[] = [];
    const groups: (string | null)[] = [];
    const seqs: (number | null)[] = [];
    const data: string[] = [];
    const users: string[] = [];
    for (const draft of drafts) {
      const audience = draft.audience;
      types.push(draft.type);
      data.push(JSON.stringify(draft.data));
      const inConversation = 'conversationId' in audience ? audience : null;
      conversations.push(inConversation?.conversationId ?? null);
      seqs.push(inConversation?.seq ?? null);
      groups.push('groupId' in audience ? audience.groupId : null);
      users.push('userIds' in audience ? [...new Set(audience.userIds)].join(',') : '');
    }
    await tx.query(
      `WITH input AS (
         SELECT nextval('event_log_id_seq') AS id, i.type,
                coalesce(i.conversation_id, c.id) AS conversation_id,
                coalesce(i.seq, c.last_seq + 1) AS seq, i.data, i.users
         FROM unnest($1::text[], $2::uuid[], $3::int[], $4::jsonb[], $5::text[], $6::uuid[])
           WITH ORDINALITY AS i(type, conversation_id, seq, data, users, group_id, ord)
         LEFT JOIN conversations c ON c.group_id = i.group_id
         ORDER BY i.ord
       ), inserted AS (
         INSERT INTO event_log (id, type, conversation_id, seq, data)
         SELECT id, type, conversation_id, seq, data FROM input
         RETURNING id, xid
       )
       INSERT INTO event_recipients (user_id, xid, event_id)
       SELECT u::uuid, inserted.xid, inserted.id
       FROM inserted JOIN input USING (id)
       CROSS JOIN LATERAL unnest(string_to_array(NULLIF(input.users, ''), ',')) AS u`,
      [types, conversations, seqs, data, users, groups],
    );
  }

  /** Events after `after` in log order, whoever they are for (the instance's dispatcher). */
  async readAll(after: EventPosition, limit: number): Promise<TailResult> {
    const horizon = await this.readHorizon();
    const rows: (StoredEventRow & { xmin: string; pending: boolean })[] =
      await this.dataSource.query(
        `WITH snap AS (SELECT $4::xid8 AS xmin)
       SELECT snap.xmin::text AS xmin,
              EXISTS (SELECT 1 FROM event_log p WHERE p.xid >= snap.xmin) AS pending,
              e.id::text AS id, e.xid::text AS xid, e.type, e.created_at,
              e.data, e.conversation_id, e.seq,
              CASE WHEN e.id IS NOT NULL AND e.conversation_id IS NULL
                THEN ARRAY(SELECT r.user_id FROM event_recipients r WHERE r.event_id = e.id) END
                AS user_ids
       FROM snap LEFT JOIN LATERAL (
         SELECT * FROM event_log e
         WHERE (e.xid, e.id) > ($1::xid8, $2::bigint) AND e.xid < snap.xmin
         ORDER BY e.xid, e.id LIMIT $3
       ) e ON true
       ORDER BY e.xid, e.id`,
        [after.xid.toString(), after.id.toString(), limit, horizon.toString()],
      );
    return {
      xmin: BigInt(rows[0].xmin),
      pending: rows[0].pending,
      rows: rows.filter((row) => row.id !== null),
    };
  }

  /**
   * The user's events after `after`: those listing him, and those of his group conversations
   * whose seq his history window covers (not while he has the group blocked).
   */
  async readForUser(
    userId: string,
    after: EventPosition,
    types: readonly string[],
    limit: number,
  ): Promise<ReadResult<UserEventRow>> {
    const horizon = await this.readHorizon();
    const rows: (UserEventRow & { xmin: string })[] = await this.dataSource.query(
      `WITH snap AS (SELECT $6::xid8 AS xmin),
       candidates AS (
         (SELECT r.xid, r.event_id AS id FROM event_recipients r, snap
          WHERE r.user_id = $1 AND (r.xid, r.event_id) > ($2::xid8, $3::bigint) AND r.xid < snap.xmin
          ORDER BY r.xid, r.event_id LIMIT $4)
         UNION ALL
         (SELECT g.xid, g.id
          FROM conversation_members m CROSS JOIN snap
          CROSS JOIN LATERAL (
            SELECT e.xid, e.id FROM event_log e
            WHERE e.conversation_id = m.conversation_id
              AND (e.xid, e.id) > ($2::xid8, $3::bigint) AND e.xid < snap.xmin
              AND e.seq > m.joined_seq AND (m.left_seq IS NULL OR e.seq <= m.left_seq)
            ORDER BY e.xid, e.id LIMIT $4
          ) g
          WHERE m.user_id = $1 AND m.peer_user_id IS NULL AND NOT m.muted)
       ),
       page AS (SELECT xid, id FROM candidates ORDER BY xid, id LIMIT $4)
       SELECT snap.xmin::text AS xmin, e.id::text AS id, e.xid::text AS xid, e.type, e.created_at,
              CASE WHEN e.type = ANY($5::text[]) THEN e.data END AS data
       FROM snap LEFT JOIN (page JOIN event_log e ON e.id = page.id) ON true
       ORDER BY e.xid, e.id`,
      [userId, after.xid.toString(), after.id.toString(), limit, types, horizon.toString()],
    );
    return { xmin: BigInt(rows[0].xmin), rows: rows.filter((row) => row.id !== null) };
  }

  /** The users' places in these group conversations (the dispatcher's one lookup per batch). */
  async membershipWindows(
    conversationIds: readonly string[],
    userIds: readonly string[],
  ): Promise<MembershipWindow[]> {
    return this.dataSource.query(
      `SELECT conversation_id, user_id, joined_seq, left_seq, muted FROM conversation_members
       WHERE conversation_id = ANY($1::uuid[]) AND user_id = ANY($2::uuid[])`,
      [conversationIds, userIds],
    );
  }

  /** The newest position the retention job deleted up to. */
  async retentionHorizon(): Promise<EventPosition> {
    const [row] = await this.dataSource.query<{ xid: string; id: string }[]>(
      `SELECT xid::text AS xid, id::text AS id FROM event_log_horizon`,
    );
    return { xid: BigInt(row.xid), id: BigInt(row.id) };
  }

  /** Events of transactions older than this are final: nothing can appear behind them. */
  async readHorizon(): Promise<bigint> {
    const [row] = await this.dataSource.query<{ horizon: string }[]>(READ_HORIZON);
    return BigInt(row.horizon);
  }

  /**
   * Deletes up to `batch` events created before `before` (oldest first) and moves the horizon
   * past them, in one transaction; answers how many went.
   */
  async deleteBefore(before: Date, batch: number): Promise<number> {
    const [row] = await this.dataSource.query<{ deleted: number }[]>(
      `WITH doomed AS (
         SELECT xid, id FROM event_log WHERE created_at < $1 ORDER BY xid, id LIMIT $2
       ), gone AS (
         DELETE FROM event_log e USING doomed WHERE e.id = doomed.id RETURNING e.xid, e.id
       ), last AS (
         SELECT xid, id FROM gone ORDER BY xid DESC, id DESC LIMIT 1
       ), moved AS (
         UPDATE event_log_horizon h SET xid = last.xid, id = last.id FROM last
         WHERE (last.xid, last.id) > (h.xid, h.id) RETURNING 1
       )
       SELECT (SELECT count(*) FROM gone)::int AS deleted`,
      [before, batch],
    );
    return row.deleted;
  }
}
