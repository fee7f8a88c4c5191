import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../../../auth/entities/user.entity';

/**
 * A CatchChat image or video message before its file (CatchChat's `drafted` state): the client
 * creates the message, asks `upload_token`, then uploads; the native message is sent only with
 * the file. Its integer id is a `message` alias in `compat_int_ids`, moved to the sent message
 * when the upload completes it. Dropped after a day.
 */
@Entity('catchchat_message_drafts')
@Index('catchchat_message_drafts_created_at_idx', ['createdAt'])
export class CatchChatMessageDraftEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sender_id' })
  sender?: UserEntity;

  @Column({ type: 'uuid' })
  senderId!: string;

  /** Exactly one of `toUser` and `toGroup`, as the native send takes them. */
  @Column({ type: 'uuid', nullable: true })
  toUser!: string | null;

  @Column({ type: 'uuid', nullable: true })
  toGroup!: string | null;

  /** `image` or `video`: the native message type the upload must match. */
  @Column({ type: 'varchar', length: 8 })
  messageType!: string;

  @Column({ type: 'text', nullable: true })
  content!: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'smallint', nullable: true })
  batteryLevel!: number | null;

  /** The name `upload_token` gives the file (CatchChat's `key`). */
  @Column({ type: 'varchar', length: 64 })
  uploadKey!: string;

  /** SHA-256 (hex) of the last upload token issued; null before `upload_token`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  uploadTokenHash!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
