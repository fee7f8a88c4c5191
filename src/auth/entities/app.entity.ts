import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/** A third-party app (OAuth 2.0 client) registered by a user, or a system app made by the operator. */
@Entity('apps')
export class AppEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('apps_client_id_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  clientId!: string;

  /** SHA-256 of the client secret; the secret itself is shown once, at creation. */
  @Column({ type: 'char', length: 64 })
  clientSecretHash!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The user who registered it; null for system apps. */
  @Index('apps_owner_id_idx')
  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  redirectUris!: string[];

  /** The most this app may be granted. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes!: string[];

  @Column({ type: 'boolean', default: false })
  isSystem!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
