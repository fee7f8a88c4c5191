import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { WebhookEntity } from './webhook.entity';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event for one user to one endpoint. Its id is the `Party-Webhook-Id` of every attempt.
 * Deliveries of an endpoint and user go out one at a time in event-log order
 * (`eventXid`, `eventId`).
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_event_key', ['webhookId', 'eventId', 'userId'], { unique: true })
@Index('webhook_deliveries_queue_idx', ['webhookId', 'userId', 'status', 'eventXid', 'eventId'])
@Index('webhook_deliveries_log_idx', ['webhookId', 'createdAt', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  webhookId!: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: WebhookEntity;

  /** The event-log row (no foreign key: retention deletes events, the log keeps its record). */
  @Column({ type: 'bigint' })
  eventId!: string;

  @Column({ type: 'bigint' })
  eventXid!: string;

  @Column({ type: 'varchar', length: 64 })
  eventType!: string;

  /** The user whose event it is. */
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** While an attempt is in flight: no second worker sends this endpoint+user meanwhile. */
  @Column({ type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
