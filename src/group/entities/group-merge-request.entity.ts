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
import { GroupEntity } from './group.entity';

export type MergeRequestState = 'pending' | 'accepted' | 'rejected' | 'withdrawn';
export const MERGE_REQUEST_STATES: readonly MergeRequestState[] = [
  'pending',
  'accepted',
  'rejected',
  'withdrawn',
];

/** A source group's owner asks to merge his group into a target group. */
@Entity('group_merge_requests')
@Index('group_merge_requests_pending_pair_key', ['sourceGroupId', 'targetGroupId'], {
  unique: true,
  where: "state = 'pending'",
})
@Index('group_merge_requests_target_idx', ['targetGroupId', 'state', 'createdAt'])
export class GroupMergeRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  sourceGroupId!: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_group_id' })
  sourceGroup?: GroupEntity;

  @Column({ type: 'uuid' })
  targetGroupId!: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_group_id' })
  targetGroup?: GroupEntity;

  @Index('group_merge_requests_requester_idx')
  @Column({ type: 'uuid' })
  requesterId!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: MergeRequestState;

  @Column({ type: 'uuid', nullable: true })
  decidedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
