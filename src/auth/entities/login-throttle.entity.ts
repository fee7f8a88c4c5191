import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins of one account or one IP address (the key is a SHA-256 of `account:<login>`
 * or `ip:<address>`, so no login is kept in clear). Shared by every instance.
 */
@Entity('auth_login_throttles')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  key!: string;

  /** Failures since `windowStartedAt`. */
  @Column({ type: 'int' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;

  /** Lockouts so far: each one lasts twice as long as the one before. */
  @Column({ type: 'int', default: 0 })
  lockouts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
