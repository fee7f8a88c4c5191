import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { WebhookEntity } from './entities/webhook.entity';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './entities/webhook-delivery.entity';
import { queueDeliverSql } from './webhook-queue';

/** What TypeORM's PostgreSQL driver answers to an UPDATE / DELETE: the rows and the count. */
type ChangeResult<T> = [T[], number];

/** A delivery with what its attempt needs: the endpoint, the event and its user's reading. */
export interface DeliveryContext {
  id: string;
  status: string;
  attempts: number;
  first_attempt_at: Date | null;
  next_attempt_at: Date | null;
  leased_until: Date | null;
  webhook_id: string;
  user_id: string;
  event_id: string;
  event_xid: string;
  event_type: string;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  app_id: string;
  /** Null when retention deleted the event before it could be delivered. */
  event_created_at: Date | null;
  event_data: Record<string, unknown> | null;
  time_zone: string | null;
  locale: string | null;
}

export interface AttemptRecord {
  status: 'delivered' | 'failed' | 'pending';
  statusCode: number | null;
  error: string | null;
  at: Date;
  nextAttemptAt: Date | null;
  /** When set, the endpoint+user queue is worked again this many milliseconds from now. */
  requeueInMs: number | null;
}

const CONTEXT_COLUMNS = `d.id, d.status, d.attempts, d.first_attempt_at, d.next_attempt_at,
  d.leased_until, d.webhook_id, d.user_id, d.event_id::text AS event_id,
  d.event_xid::text AS event_xid, d.event_type, w.url, w.enabled, w.secret, w.previous_secret,
  w.previous_secret_expires_at, w.app_id, e.created_at AS event_created_at, e.data AS event_data,
  u.time_zone, u.locale`;

/**
 * SQL of the webhook module. The fan-out reads the event log and the audience facts the event
 * log's own readers use (event_recipients, conversation_members) and the grants (oauth_tokens)
 * in one set-based statement: see docs/decisions.md.
 */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private get webhooks() {
    return this.dataSource.getRepository(WebhookEntity);
  }

  insert(values: Partial<WebhookEntity>): Promise<WebhookEntity> {
    return this.webhooks.save(this.webhooks.create(values));
  }

  find(appId: string, id: string): Promise<WebhookEntity | null> {
    return this.webhooks.findOne({ where: { appId, id } });
  }

  list(appId: string, offset: number, limit: number): Promise<[WebhookEntity[], number]> {
    return this.webhooks.findAndCount({
      where: { appId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** The app's before-send hook other than `exceptId`, if it has one. */
  async hasBeforeSend(appId: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM webhooks WHERE app_id = $1 AND before_send AND ($2::uuid IS NULL OR id <> $2)`,
      [appId, exceptId],
    );
    return rows.length > 0;
  }

  async save(webhook: WebhookEntity): Promise<WebhookEntity> {
    return this.webhooks.save(webhook);
  }

  async remove(appId: string, id: string): Promise<boolean> {
    const result = await this.webhooks.delete({ appId, id });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Writes the deliveries of these events (one per subscribed endpoint and user the event is
   * for, that user having granted the app the event's scope unless the app is a system app) and
   * queues each endpoint+user pair that got one, in one statement. Repeats write nothing.
   */
  async fanOut(eventIds: readonly string[], types: string[], scopes: string[]): Promise<number> {
    const [row] = await this.dataSource.query<{ written: number }[]>(
      `WITH ev AS (
         SELECT e.id, e.xid, e.type, e.conversation_id, e.seq FROM event_log e
         WHERE e.id = ANY ($1::bigint[])
       ), hooks AS (
         SELECT w.id AS webhook_id, w.events, a.id AS app_id, a.is_system
         FROM webhooks w JOIN apps a ON a.id = w.app_id
         WHERE w.enabled AND NOT w.before_send
       ), audience AS (
         SELECT ev.id AS event_id, r.user_id FROM ev JOIN event_recipients r ON r.event_id = ev.id
         UNION
         SELECT ev.id, m.user_id FROM ev JOIN conversation_members m
           ON m.conversation_id = ev.conversation_id AND m.peer_user_id IS NULL AND NOT m.muted
          AND ev.seq > m.joined_seq AND (m.left_seq IS NULL OR ev.seq <= m.left_seq)
       ), wanted AS (
         SELECT h.webhook_id, ev.id AS event_id, ev.xid, ev.type, au.user_id
         FROM ev
         JOIN audience au ON au.event_id = ev.id
         JOIN unnest($2::text[], $3::text[]) AS cat(type, scope) ON cat.type = ev.type
         JOIN hooks h ON ev.type = ANY (h.events)
         WHERE h.is_system OR EXISTS (
           SELECT 1 FROM oauth_tokens t
           WHERE t.app_id = h.app_id AND t.user_id = au.user_id AND t.revoked_at IS NULL
             AND cat.scope = ANY (t.scopes)
             AND (t.access_expires_at IS NULL OR t.access_expires_at > now()
                  OR (t.refresh_token_hash IS NOT NULL AND t.refresh_rotated_at IS NULL
                      AND (t.refresh_expires_at IS NULL OR t.refresh_expires_at > now()))))
       ), written AS (
         INSERT INTO webhook_deliveries (webhook_id, event_id, event_xid, event_type, user_id)
         SELECT webhook_id, id_, xid::text::bigint, type, user_id
         FROM (SELECT webhook_id, event_id AS id_, xid, type, user_id FROM wanted
               ORDER BY xid, event_id) ordered
         ON CONFLICT (webhook_id, event_id, user_id) DO NOTHING
         RETURNING webhook_id, user_id
       ), queued AS (
         ${queueDeliverSql('(SELECT DISTINCT webhook_id, user_id FROM written)', '0')}
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM written)::int AS written`,
      [eventIds, types, scopes],
    );
    return row.written;
  }

  /** The oldest pending delivery of the endpoint+user queue, with what sending it needs. */
  async head(webhookId: string, userId: string): Promise<DeliveryContext | null> {
    const rows: DeliveryContext[] = await this.dataSource.query(
      `SELECT ${CONTEXT_COLUMNS}
       FROM webhook_deliveries d
       JOIN webhooks w ON w.id = d.webhook_id
       LEFT JOIN event_log e ON e.id = d.event_id
       LEFT JOIN users u ON u.id = d.user_id
       WHERE d.webhook_id = $1 AND d.user_id = $2 AND d.status = 'pending'
       ORDER BY d.event_xid, d.event_id LIMIT 1`,
      [webhookId, userId],
    );
    return rows[0] ?? null;
  }

  /** Takes the delivery for one attempt; null when another worker holds it (its lease end). */
  async lease(deliveryId: string, seconds: number): Promise<{ leased: boolean; until: Date }> {
    const [rows]: ChangeResult<{ leased_until: Date }> = await this.dataSource.query(
      `UPDATE webhook_deliveries SET leased_until = now() + $2 * interval '1 second'
       WHERE id = $1 AND status = 'pending' AND (leased_until IS NULL OR leased_until < now())
       RETURNING leased_until`,
      [deliveryId, seconds],
    );
    if (rows.length > 0) return { leased: true, until: rows[0].leased_until };
    const [current] = await this.dataSource.query<{ leased_until: Date | null }[]>(
      `SELECT leased_until FROM webhook_deliveries WHERE id = $1`,
      [deliveryId],
    );
    return { leased: false, until: current?.leased_until ?? new Date() };
  }

  /** Records an attempt and releases the lease; queues the pair again when asked, together. */
  async recordAttempt(
    deliveryId: string,
    record: AttemptRecord,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await tx.query(
      `WITH done AS (
         UPDATE webhook_deliveries SET status = $2::varchar, attempts = attempts + 1,
           last_status_code = $3::int, last_error = $4::varchar, last_attempt_at = $5::timestamptz,
           first_attempt_at = coalesce(first_attempt_at, $5::timestamptz),
           next_attempt_at = $6::timestamptz,
           delivered_at = CASE WHEN $2::varchar = 'delivered' THEN $5::timestamptz END,
           leased_until = NULL
         WHERE id = $1
         RETURNING webhook_id, user_id
       ), again AS (
         ${queueDeliverSql('(SELECT webhook_id, user_id FROM done WHERE $7::int IS NOT NULL)', '$7::int')}
         RETURNING 1
       )
       SELECT count(*) FROM again`,
      [
        deliveryId,
        record.status,
        record.statusCode,
        record.error,
        record.at,
        record.nextAttemptAt,
        record.requeueInMs,
      ],
    );
  }

  /** Queues the endpoint+user pair again in `delayMs` (a lease or a due time to wait for). */
  async requeue(webhookId: string, userId: string, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `${queueDeliverSql('(SELECT $1::uuid AS webhook_id, $2::uuid AS user_id)', '$3::int')}`,
      [webhookId, userId, delayMs],
    );
  }

  /** Queues every endpoint+user pair of the webhook that has pending deliveries. */
  async requeueWebhook(webhookId: string): Promise<void> {
    await this.dataSource.query(
      queueDeliverSql(
        `(SELECT DISTINCT webhook_id, user_id FROM webhook_deliveries
          WHERE webhook_id = $1 AND status = 'pending')`,
        '0',
      ),
      [webhookId],
    );
  }

  /**
   * Disables the endpoint after its retries ran out and fails the delivery, in `tx`; false when
   * it was disabled already (its owner was told then).
   */
  async disableExhausted(tx: EntityManager, webhookId: string, at: Date): Promise<boolean> {
    const [rows]: ChangeResult<unknown> = await tx.query(
      `UPDATE webhooks SET enabled = false, disabled_reason = 'retries_exhausted', disabled_at = $2,
         updated_at = now()
       WHERE id = $1 AND enabled RETURNING id`,
      [webhookId, at],
    );
    return rows.length > 0;
  }

  async listDeliveries(
    webhookId: string,
    status: WebhookDeliveryStatus | null,
    offset: number,
    limit: number,
  ): Promise<[WebhookDeliveryEntity[], number]> {
    return this.dataSource.getRepository(WebhookDeliveryEntity).findAndCount({
      where: status ? { webhookId, status } : { webhookId },
      order: { createdAt: 'DESC', eventXid: 'DESC', eventId: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  findDelivery(webhookId: string, id: string): Promise<WebhookDeliveryEntity | null> {
    return this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .findOne({ where: { webhookId, id } });
  }

  /** Puts a delivery back in its queue (a fresh retry window) and queues the pair, together. */
  async redeliver(webhookId: string, id: string): Promise<WebhookDeliveryEntity | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH again AS (
         UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = NULL,
           first_attempt_at = NULL, delivered_at = NULL
         WHERE webhook_id = $1 AND id = $2
         RETURNING id, webhook_id, user_id
       ), queued AS (
         ${queueDeliverSql('again', '0')}
         RETURNING 1
       )
       SELECT id FROM again`,
      [webhookId, id],
    );
    if (rows.length === 0) return null;
    return this.findDelivery(webhookId, id);
  }
}
