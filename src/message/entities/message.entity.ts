import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message in a conversation, numbered by `seq`. `recipient_id` set in a group conversation
 * makes it group-private: only the sender and that member see it. No row per recipient.
 */
@Entity('messages')
@Index('messages_conversation_seq_key', ['conversationId', 'seq'], { unique: true })
@Index('messages_sender_client_msg_id_key', ['senderId', 'clientMsgId'], {
  unique: true,
  where: 'client_msg_id IS NOT NULL',
})
@Index('messages_private_seq_idx', ['conversationId', 'seq'], {
  where: 'recipient_id IS NOT NULL',
})
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  /** Null for messages of the app itself (notifications, system notices). */
  @Column({ type: 'uuid', nullable: true })
  senderId!: string | null;

  /** Group-private messages: the one member (besides the sender) who sees it. */
  @Column({ type: 'uuid', nullable: true })
  recipientId!: string | null;

  @Column({ type: 'varchar', length: 32 })
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

  /** Structured fields of system messages (actor, names, ids). */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientMsgId!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
