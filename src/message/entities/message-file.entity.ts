import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An uploaded attachment: bytes in storage under `storage_key`, type detected from content. */
@Entity('message_files')
export class MessageFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('message_files_owner_id_idx')
  @Column({ type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'varchar', length: 255 })
  storageKey!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ type: 'varchar', length: 127 })
  mime!: string;

  /** image | video | audio | file */
  @Column({ type: 'varchar', length: 8 })
  kind!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
