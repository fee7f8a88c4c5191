import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AppEntity } from '../../auth/entities/app.entity';

export type WebhookOnFailure = 'allow' | 'reject';

/** An app's endpoint: the event types it hears, or its synchronous `message.before_send` hook. */
@Entity('webhooks')
@Index('webhooks_app_before_send_key', ['appId'], { unique: true, where: 'before_send' })
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('webhooks_app_id_idx')
  @Column({ type: 'uuid' })
  appId!: string;

  /** Only for the foreign key: deleting an app deletes its webhooks. */
  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id' })
  app?: AppEntity;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  /** True when `events` is `["message.before_send"]`: called synchronously, never queued. */
  @Column({ type: 'boolean', default: false })
  beforeSend!: boolean;

  /**
   * Kept in clear: Party must compute HMAC-SHA256 with it at every delivery, which a hash cannot
   * do (docs/decisions.md). Never returned after creation or rotation.
   */
  @Column({ type: 'varchar', length: 128 })
  secret!: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  previousSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'varchar', length: 8, default: 'allow' })
  onFailure!: WebhookOnFailure;

  /** Before-send hooks only: how long Party waits for the answer. */
  @Column({ type: 'integer', default: 1500 })
  timeoutMs!: number;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Why Party disabled it (`retries_exhausted`); null when enabled or disabled by its owner. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  disabledReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
