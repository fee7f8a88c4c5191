import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const FRIEND_REQUEST_STATES = [
  'pending',
  'accepted',
  'rejected',
  'blocked',
  'withdrawn',
] as const;
export type FriendRequestState = (typeof FRIEND_REQUEST_STATES)[number];

/** A request from one user to become another's friend: pending → accepted | rejected | blocked | withdrawn. */
@Entity('friend_requests')
@Index('friend_requests_to_user_idx', ['toUserId', 'state', 'createdAt'])
@Index('friend_requests_from_user_idx', ['fromUserId', 'state', 'createdAt'])
@Index('friend_requests_pending_pair_key', ['fromUserId', 'toUserId'], {
  unique: true,
  where: "state = 'pending'",
})
export class FriendRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  fromUserId!: string;

  @Column({ type: 'uuid' })
  toUserId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  message!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: FriendRequestState;

  /** Sent while the receiver had blocked the sender: it never shows up on the receiver's side. */
  @Column({ type: 'boolean', default: false })
  silenced!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
