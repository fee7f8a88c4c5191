import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A file shared in a group; its bytes live in `Storage` under `storageKey`. */
@Entity('group_share_files')
@Index('group_share_files_group_created_idx', ['groupId', 'createdAt', 'id'])
export class GroupShareFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  groupId!: string;

  @Column({ type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  @Column({ type: 'text' })
  mimeType!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'text' })
  storageKey!: string;

  /** True: members only. False: anyone with a valid `party_file` token and the link. */
  @Column({ type: 'boolean' })
  restrictAccess!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
