import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ConversationKind = 'direct' | 'group';
export type ConversationStatus = 'active' | 'dissolved';

/** The denormalized last visible-to-all message, as the contact list shows it. */
export interface LastMessageSnapshot {
  id: string;
  seq: number;
  message_type: string;
  content: string | null;
  sender_id: string | null;
  created_at: string;
}

/**
 * One per direct pair (`user_low` < `user_high`) and one per group. `last_seq` is the sequence
 * counter every message bumps inside the transaction that stores it.
 */
@Entity('conversations')
@Index('conversations_pair_key', ['userLow', 'userHigh'], { unique: true })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: ConversationKind;

  @Index('conversations_group_id_key', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  groupId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  userLow!: string | null;

  @Column({ type: 'uuid', nullable: true })
  userHigh!: string | null;

  /** The group's name (mirrored from group events); null for direct conversations. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  name!: string | null;

  /** Mirrors the group's status; direct conversations are always active. */
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: ConversationStatus;

  @Column({ type: 'integer', default: 0 })
  lastSeq!: number;

  @Column({ type: 'jsonb', nullable: true })
  lastMessage!: LastMessageSnapshot | null;

  /** Time of the last message everyone in the conversation may see (the last activity). */
  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
