import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  username!: string;

  /** Usernames are unique ignoring case. */
  @Index('users_username_lower_key', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  usernameLower!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 64 })
  nickname!: string;

  @Column({ type: 'text', nullable: true })
  avatarUrl!: string | null;

  /** Stored lower-cased; unique when present. */
  @Index('users_email_key', { unique: true, where: 'email IS NOT NULL' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** E.164 (`+8615158166372`); unique when present. */
  @Index('users_mobile_key', { unique: true, where: 'mobile IS NOT NULL' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  mobile!: string | null;

  /** Country calling code without `+` (`86`), used to read local numbers the user uploads. */
  @Column({ type: 'varchar', length: 4, nullable: true })
  phoneCode!: string | null;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone!: string;

  @Column({ type: 'varchar', length: 8, nullable: true })
  locale!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
