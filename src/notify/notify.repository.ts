import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity';

/** A notification as one recipient sees it. */
export interface NotificationRow extends NotificationEntity {
  readAt: Date | null;
}

/** What TypeORM's PostgreSQL driver answers to an UPDATE: the rows and how many were changed. */
type UpdateResult = [unknown[], number];

const NOTIFICATION_COLUMNS = `n.id, n.app_id AS "appId", n.app_name AS "appName", n.receiver,
  n.group_id AS "groupId", n.message_id AS "messageId", n.recipient_count AS "recipientCount",
  n.title, n.subtitle, n.content, n.content_html AS "contentHtml", n.content_type AS "contentType",
  n.url, n.actions, n.sender, n.created_at AS "createdAt", r.read_at AS "readAt"`;

/** SQL of the notify module: pushes and each recipient's read state. */
@Injectable()
export class NotifyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Stores a push to users inside `tx`: the notification once, then one recipient row per user
   * in a single set-based statement.
   */
  async insertForUsers(
    tx: EntityManager,
    notification: NotificationEntity,
    userIds: readonly string[],
  ): Promise<Date> {
    const createdAt = await this.insertNotification(tx, notification);
    await tx.query(
      `INSERT INTO notification_recipients (notification_id, user_id, created_at)
       SELECT $1, u.id, $2 FROM unnest($3::uuid[]) AS u(id)`,
      [notification.id, createdAt, userIds],
    );
    return createdAt;
  }

  /** The notification of a group push, inside the transaction that posts its message. */
  async insertForGroup(tx: EntityManager, notification: NotificationEntity): Promise<Date> {
    return this.insertNotification(tx, notification);
  }

  private async insertNotification(tx: EntityManager, n: NotificationEntity): Promise<Date> {
    const rows: { created_at: Date }[] = await tx.query(
      `INSERT INTO notifications (id, app_id, app_name, receiver, group_id, message_id,
         recipient_count, title, subtitle, content, content_html, content_type, url, actions, sender)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb)
       RETURNING created_at`,
      [
        n.id,
        n.appId,
        n.appName,
        n.receiver,
        n.groupId,
        n.messageId,
        n.recipientCount,
        n.title,
        n.subtitle,
        n.content,
        n.contentHtml,
        n.contentType,
        n.url,
        JSON.stringify(n.actions),
        n.sender === null ? null : JSON.stringify(n.sender),
      ],
    );
    return rows[0].created_at;
  }

  /** One page of the user's notification center: unread first, then newest. */
  async listForUser(userId: string, offset: number, limit: number): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${NOTIFICATION_COLUMNS}
         FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id
        WHERE r.user_id = $1
        ORDER BY (r.read_at IS NULL) DESC, r.created_at DESC, r.notification_id DESC
        LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
  }

  async countForUser(userId: string): Promise<{ total: number; unread: number }> {
    const rows: { total: number; unread: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notification_recipients WHERE user_id = $1`,
      [userId],
    );
    return rows[0];
  }

  async findForUser(userId: string, notificationId: string): Promise<NotificationRow | null> {
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT ${NOTIFICATION_COLUMNS}
         FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id
        WHERE r.user_id = $1 AND r.notification_id = $2`,
      [userId, notificationId],
    );
    return rows[0] ?? null;
  }

  /** Marks one read (a repeat keeps the first time); false when the user has no such notification. */
  async markRead(userId: string, notificationId: string): Promise<boolean> {
    const result: UpdateResult = await this.dataSource.query(
      `UPDATE notification_recipients SET read_at = COALESCE(read_at, now())
        WHERE user_id = $1 AND notification_id = $2`,
      [userId, notificationId],
    );
    return result[1] > 0;
  }

  /** Marks every unread one read; how many were. */
  async markAllRead(userId: string): Promise<number> {
    const result: UpdateResult = await this.dataSource.query(
      `UPDATE notification_recipients SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return result[1];
  }
}
