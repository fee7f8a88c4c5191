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

/** An OAuth 2.0 authorization code (stored as SHA-256), single use. */
@Entity('oauth_authorization_codes')
export class AuthorizationCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('oauth_authorization_codes_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash!: string;

  @Index('oauth_authorization_codes_app_id_idx')
  @Column({ type: 'uuid' })
  appId!: string;

  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id' })
  app?: AppEntity;

  @Index('oauth_authorization_codes_user_id_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text' })
  redirectUri!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ type: 'varchar', length: 128, nullable: true })
  codeChallenge!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  codeChallengeMethod!: string | null;

  /** The token family issued from this code; a replayed code revokes it. */
  @Column({ type: 'uuid' })
  familyId!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
