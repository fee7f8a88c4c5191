import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppService } from '../auth/app.service';
import { UserService } from '../auth/user.service';
import {
  FieldProblem,
  NotFoundError,
  UnprocessableReferenceError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { AppPrincipal } from '../common/http/request-principal';
import { PageQueryDto } from '../common/pagination/pagination';
import { EntityManager } from 'typeorm';
import { EventLogService } from '../events/event-log.service';
import { GroupService } from '../group/group.service';
import { MessageService } from '../message/message.service';
import {
  NotificationContentDto,
  NotificationItemDto,
  NotificationPage,
  NotificationPushDto,
  NotificationsMarkedDto,
} from './dto/notification.dto';
import { PushNotificationDto } from './dto/push-notification.dto';
import { NotificationEntity } from './entities/notification.entity';
import { NotificationRenderer } from './notification-renderer';
import './notify.messages';
import { NotificationRow, NotifyRepository } from './notify.repository';

function toContent(n: NotificationEntity): NotificationContentDto {
  return {
    id: n.id,
    title: n.title,
    subtitle: n.subtitle,
    content: n.content,
    content_html: n.contentHtml,
    content_type: n.contentType,
    url: n.url,
    actions: n.actions,
    sender: n.sender,
    app: { id: n.appId, name: n.appName },
    created_at: n.createdAt,
  } as NotificationContentDto;
}

function toItem(row: NotificationRow): NotificationItemDto {
  return { ...toContent(row), read_at: row.readAt } as NotificationItemDto;
}

/** 400 when the receiver's own field is missing (the DTO checks) or the other one is given. */
function checkReceiverFields(body: PushNotificationDto): void {
  const problems: FieldProblem[] = [];
  if (body.receiver === 'users' && body.group_id !== undefined) {
    problems.push({
      field: 'group_id',
      code: 'notification_receiver_mismatch',
      params: { receiver: 'group' },
    });
  }
  if (body.receiver === 'group' && body.user_ids !== undefined) {
    problems.push({
      field: 'user_ids',
      code: 'notification_receiver_mismatch',
      params: { receiver: 'users' },
    });
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
}

/** Notifications: apps push to users (notification centers) or groups; users read theirs. */
@Injectable()
export class NotifyService {
  constructor(
    private readonly repo: NotifyRepository,
    private readonly renderer: NotificationRenderer,
    private readonly users: UserService,
    private readonly apps: AppService,
    private readonly groups: GroupService,
    private readonly messages: MessageService,
    private readonly eventLog: EventLogService,
  ) {}

  /**
   * Checks everything before writing anything: a bad field is a 400, an unknown user or group a
   * 422 naming it, and then nothing reaches anyone.
   */
  async push(app: AppPrincipal, body: PushNotificationDto): Promise<NotificationPushDto> {
    checkReceiverFields(body);
    const userIds = body.receiver === 'users' ? [...new Set(body.user_ids ?? [])] : [];
    if (body.receiver === 'users') {
      const missing = await this.users.missingIds(userIds);
      if (missing.length > 0) {
        throw new UnprocessableReferenceError('unknown_reference', 'user_ids', missing);
      }
    } else if (!(await this.groups.groupExists(body.group_id as string))) {
      throw new UnprocessableReferenceError('unknown_reference', 'group_id', [
        body.group_id as string,
      ]);
    }
    const notification = await this.compose(app, body);
    if (body.receiver === 'users') {
      notification.recipientCount = userIds.length;
      // One event row for all recipients: the item is the same in every center (unread, the
      // notification's own id), and its recipients are written in one statement like the push's.
      await this.repo.transaction(async (tx) => {
        notification.createdAt = await this.repo.insertForUsers(tx, notification, userIds);
        await this.eventLog.append(tx, [
          {
            type: 'notification.created',
            audience: { userIds },
            data: toItem({ ...notification, readAt: null }),
          },
        ]);
      });
      return { ...toContent(notification), ...this.delivery(notification, null) };
    }
    // A push to a group is heard as its `notification` message: `message.created`, written by
    // the message module in the transaction that stores the message and this notification.
    const groupId = body.group_id as string;
    notification.groupId = groupId;
    notification.recipientCount = (await this.groups.activeMemberIds(groupId)).length;
    const message = await this.messages.postGroupNotification(
      groupId,
      {
        title: notification.title,
        content: notification.content,
        payload: {
          notification_id: notification.id,
          subtitle: notification.subtitle,
          content_type: notification.contentType,
          content_html: notification.contentHtml,
          url: notification.url,
          actions: notification.actions,
          sender: notification.sender,
          app: { id: notification.appId, name: notification.appName },
        },
      },
      (manager, posted) => {
        notification.messageId = posted.id;
        return this.repo.insertForGroup(manager, notification);
      },
    );
    notification.createdAt = message.recorded;
    return { ...toContent(notification), ...this.delivery(notification, message.seq) };
  }

  /**
   * A plain notice from Party about an app, to users' notification centers, written in `tx` (the
   * change it reports shares it): e.g. the webhook module telling an app's owner that Party
   * disabled his endpoint.
   */
  async noticeAboutApp(
    tx: EntityManager,
    app: { id: string; name: string },
    userIds: readonly string[],
    body: { title: string; content: string },
  ): Promise<void> {
    // The app's name comes with it: a lookup outside `tx` would wait forever for the one
    // connection of the embedded database, which `tx` holds.
    const notification = await this.compose(
      { appId: app.id },
      {
        receiver: 'users',
        user_ids: [...userIds],
        title: body.title,
        content: body.content,
        content_type: 'plain',
      },
      app.name,
    );
    notification.recipientCount = userIds.length;
    notification.createdAt = await this.repo.insertForUsers(tx, notification, userIds);
    await this.eventLog.append(tx, [
      {
        type: 'notification.created',
        audience: { userIds },
        data: toItem({ ...notification, readAt: null }),
      },
    ]);
  }

  async listMine(userId: string, query: PageQueryDto): Promise<NotificationPage> {
    const [rows, counts] = await Promise.all([
      this.repo.listForUser(userId, query.offset, query.per_page),
      this.repo.countForUser(userId),
    ]);
    return new NotificationPage(
      rows.map(toItem),
      query.page,
      query.per_page,
      counts.total,
      counts.unread,
    );
  }

  /** Marks one of the user's notifications read; another user's is a 404. */
  async markRead(userId: string, notificationId: string): Promise<NotificationItemDto> {
    if (!(await this.repo.markRead(userId, notificationId))) {
      throw new NotFoundError('notification');
    }
    const row = await this.repo.findForUser(userId, notificationId);
    if (!row) throw new NotFoundError('notification');
    return toItem(row);
  }

  async markAllRead(userId: string): Promise<NotificationsMarkedDto> {
    return { marked_count: await this.repo.markAllRead(userId) };
  }

  private async compose(
    app: Pick<AppPrincipal, 'appId'>,
    body: PushNotificationDto,
    knownName?: string,
  ): Promise<NotificationEntity> {
    const appName = knownName ?? (await this.apps.nameOf(app.appId));
    if (appName === null) throw new Error(`Token of app ${app.appId} that does not exist`);
    const content = body.content ?? null;
    const notification = new NotificationEntity();
    Object.assign(notification, {
      id: randomUUID(),
      appId: app.appId,
      appName,
      receiver: body.receiver,
      groupId: null,
      messageId: null,
      recipientCount: 0,
      title: body.title,
      subtitle: body.subtitle ?? null,
      content,
      contentHtml: this.renderer.toHtml(content, body.content_type),
      contentType: body.content_type,
      url: body.url ?? null,
      actions: (body.actions ?? []).map((action) => ({
        label: action.label,
        icon: action.icon ?? null,
        url: action.url,
        type: action.type ?? null,
      })),
      sender: body.sender
        ? { id: String(body.sender.id), name: body.sender.name ?? null, avatar: body.sender.avatar }
        : null,
    } satisfies Omit<NotificationEntity, 'createdAt'>);
    return notification;
  }

  private delivery(n: NotificationEntity, messageSeq: number | null) {
    return {
      receiver: n.receiver,
      recipient_count: n.recipientCount,
      group_id: n.groupId,
      message_id: n.messageId,
      message_seq: messageSeq,
    };
  }
}
