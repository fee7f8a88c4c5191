import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** One side of a friendship: `userId` calls `friendId` a friend (the other side has its own row). */
@Entity('friendships')
@Index('friendships_user_friend_key', ['userId', 'friendId'], { unique: true })
@Index('friendships_user_rank_idx', ['userId', 'rankKey'])
@Index('friendships_friend_id_idx', ['friendId'])
export class FriendshipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'uuid' })
  friendId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  remarkedName!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  contactName!: string | null;

  /**
   * Ordering key: the larger, the nearer the top. Moving a friendship to the top (a contact, or
   * `move-to-top`) takes the next value of the column's sequence, so it needs no read.
   */
  @Column({ type: 'bigint' })
  @Generated('increment')
  rankKey!: string;

  @Column({ type: 'timestamptz', nullable: true })
  lastContactedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
