import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationEntity } from './notification.entity';

/** One user's copy of a push to users: his read state in his notification center. */
@Entity('notification_recipients')
@Index('notification_recipients_user_idx', ['userId', 'createdAt'])
@Index('notification_recipients_unread_idx', ['userId', 'createdAt'], {
  where: 'read_at IS NULL',
})
export class NotificationRecipientEntity {
  @PrimaryColumn({ type: 'uuid' })
  notificationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  /** The notification's time, copied so the center is one index range per user. */
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
