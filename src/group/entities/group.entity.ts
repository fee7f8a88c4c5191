import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type GroupStatus = 'active' | 'dissolved';

/** A chat group. Its members are `group_members` rows; its conversation belongs to Message. */
@Entity('groups')
export class GroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** Mirrors the member row whose role is `owner`; both change in one transaction. */
  @Index('groups_owner_id_idx')
  @Column({ type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: GroupStatus;

  @Column({ type: 'timestamptz', nullable: true })
  dissolvedAt!: Date | null;

  @Index('groups_created_at_idx')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
