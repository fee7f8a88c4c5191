import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A user's place in a conversation: his read and delivered cursors, the window of history he may
 * see (`joined_seq` < seq <= `left_seq`), and his own settings for it (muted, pinned).
 */
@Entity('conversation_members')
@Index('conversation_members_user_id_idx', ['userId'])
export class ConversationMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  /** The other user of a direct conversation; null in groups. */
  @Column({ type: 'uuid', nullable: true })
  peerUserId!: string | null;

  /** Direct conversations: mirrors the friendship (from the contact events). */
  @Column({ type: 'boolean', default: false })
  isFriend!: boolean;

  /** He may see messages with seq > joined_seq. */
  @Column({ type: 'integer', default: 0 })
  joinedSeq!: number;

  /** Set when he leaves or is removed: he may see messages with seq <= left_seq. */
  @Column({ type: 'integer', nullable: true })
  leftSeq!: number | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** A group he blocked (hidden and muted for him). */
  @Column({ type: 'boolean', default: false })
  muted!: boolean;

  @Column({ type: 'integer', default: 0 })
  lastReadSeq!: number;

  @Column({ type: 'integer', default: 0 })
  lastDeliveredSeq!: number;

  @Column({ type: 'timestamptz', nullable: true })
  pinnedAt!: Date | null;

  /**
   * The last group-private message he sent or received here (`conversations.last_message` leaves
   * them out: the other members may not see them); the same snapshot shape, with its seq.
   */
  @Column({ type: 'jsonb', nullable: true })
  lastPrivateMessage!: object | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
