import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One SMS verify code sent to a number; only a salted SHA-256 of the code is kept. */
@Entity('verify_codes')
@Index('verify_codes_phone_created_idx', ['phone', 'createdAt'])
export class VerifyCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** E.164 (`+8615158166372`). */
  @Column({ type: 'varchar', length: 20 })
  phone!: string;

  /** register | login | change_mobile */
  @Column({ type: 'varchar', length: 16 })
  purpose!: string;

  @Column({ type: 'char', length: 64 })
  codeHash!: string;

  @Column({ type: 'varchar', length: 32 })
  salt!: string;

  @Column({ type: 'int', default: 0 })
  failedAttempts!: number;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
