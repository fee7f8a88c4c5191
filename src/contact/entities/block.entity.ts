import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** `blockerId` has blocked `blockedId`: no friend requests reach him, no messages from him. */
@Entity('user_blocks')
@Index('user_blocks_blocked_id_idx', ['blockedId'])
export class BlockEntity {
  @PrimaryColumn({ type: 'uuid' })
  blockerId!: string;

  @PrimaryColumn({ type: 'uuid' })
  blockedId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
