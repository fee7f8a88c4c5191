import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A frozen copy of a range of a group's history (seed 002's mergeId, shared as a QR code). */
@Entity('merged_histories')
export class MergedHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('merged_histories_group_id_idx')
  @Column({ type: 'uuid' })
  groupId!: string;

  @Column({ type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'uuid' })
  creatorId!: string;

  @Column({ type: 'integer' })
  fromSeq!: number;

  @Column({ type: 'integer' })
  toSeq!: number;

  /** The copied messages as the creator saw them, oldest first. */
  @Column({ type: 'jsonb' })
  messages!: Record<string, unknown>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
