import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type NotificationReceiver = 'users' | 'group';
export type NotificationContentType = 'plain' | 'markdown';
export const ACTION_TYPES = [
  'primary',
  'success',
  'danger',
  'warning',
  'info',
  'important',
  'special',
] as const;
export type NotificationActionType = (typeof ACTION_TYPES)[number];

export interface NotificationAction {
  label: string;
  icon: string | null;
  url: string;
  type: NotificationActionType | null;
}

export interface NotificationSender {
  id: string;
  name: string | null;
  avatar: string;
}

/**
 * One push of an app, stored once whatever the number of recipients. Pushes to users have one
 * `notification_recipients` row per user (the read state); pushes to a group are a `notification`
 * message in the group's conversation (`message_id`) and have no recipient rows.
 */
@Entity('notifications')
@Index('notifications_app_id_idx', ['appId', 'createdAt'])
export class NotificationEntity {
  /** Chosen by the service before the write, so a group message can carry it in its payload. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  appId!: string;

  /** The app's name when it pushed: the notification keeps it if the app is renamed or deleted. */
  @Column({ type: 'varchar', length: 100 })
  appName!: string;

  @Column({ type: 'varchar', length: 8 })
  receiver!: NotificationReceiver;

  @Column({ type: 'uuid', nullable: true })
  groupId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ type: 'integer' })
  recipientCount!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subtitle!: string | null;

  /** As sent (plain text or raw markdown). */
  @Column({ type: 'text', nullable: true })
  content!: string | null;

  /** Sanitized HTML rendering of `content`. */
  @Column({ type: 'text', nullable: true })
  contentHtml!: string | null;

  @Column({ type: 'varchar', length: 16 })
  contentType!: NotificationContentType;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  actions!: NotificationAction[];

  @Column({ type: 'jsonb', nullable: true })
  sender!: NotificationSender | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
