import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AppEntity } from './app.entity';
import { UserEntity } from './user.entity';

/** An access token (and its refresh token, if any). Only SHA-256 hashes are stored. */
@Entity('oauth_tokens')
export class TokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('oauth_tokens_access_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  accessTokenHash!: string;

  @Index('oauth_tokens_refresh_hash_key', { unique: true, where: 'refresh_token_hash IS NOT NULL' })
  @Column({ type: 'char', length: 64, nullable: true })
  refreshTokenHash!: string | null;

  /** Tokens born of one login share a family; reusing a rotated refresh token revokes the family. */
  @Index('oauth_tokens_family_id_idx')
  @Column({ type: 'uuid' })
  familyId!: string;

  /** The user the token acts for; null for app tokens (client_credentials). */
  @Index('oauth_tokens_user_id_idx')
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** The app the token was issued to; null for Party's own first-party client. */
  @Index('oauth_tokens_app_id_idx')
  @Column({ type: 'uuid', nullable: true })
  appId!: string | null;

  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id' })
  app?: AppEntity;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ type: 'varchar', length: 64 })
  grantType!: string;

  /** Null means the access token never expires (`expires_in` 0). */
  @Column({ type: 'timestamptz', nullable: true })
  accessExpiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refreshExpiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Set when the refresh token was exchanged (rotated); presenting it again revokes the family. */
  @Column({ type: 'timestamptz', nullable: true })
  refreshRotatedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
