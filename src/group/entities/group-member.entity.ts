import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GroupEntity } from './group.entity';

export type GroupRole = 'owner' | 'manager' | 'member';
/** `active`: a current member; `left`: left by himself; `removed`: removed by the owner or a manager. */
export type MembershipState = 'active' | 'left' | 'removed';

/** One user's membership of one group, kept after he leaves or is removed (the owner sees it). */
@Entity('group_members')
@Index('group_members_user_id_idx', ['userId', 'state'])
export class GroupMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  groupId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  @Column({ type: 'varchar', length: 16 })
  role!: GroupRole;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  state!: MembershipState;

  /** Set while the member has blocked (hidden and muted) the group for himself. */
  @Column({ type: 'timestamptz', nullable: true })
  blockedAt!: Date | null;

  /** The latest time he (re)joined: he sees history from here. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  joinedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leftAt!: Date | null;
}
