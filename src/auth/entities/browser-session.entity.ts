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

/** A signed-in browser on the consent page (cookie holds the secret; only its SHA-256 is kept). */
@Entity('auth_browser_sessions')
export class BrowserSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('auth_browser_sessions_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  secretHash!: string;

  @Index('auth_browser_sessions_user_id_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
