import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One `Idempotency-Key` a caller used on a creating `POST`: claimed before the handler runs,
 * marked `committed` inside the transaction that created something, and holding the first
 * answer once it was written.
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_principal_key_key', ['principal', 'keyHash'], { unique: true })
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `user:<id>` or `app:<id>`: keys are the caller's own namespace. */
  @Column({ type: 'text' })
  principal!: string;

  /** SHA-256 of the key: the key itself is what unseals `response`, so it is never stored. */
  @Column({ type: 'char', length: 64 })
  keyHash!: string;

  /** `POST /api/party/groups/:id/notices`: the route template, not the concrete path. */
  @Column({ type: 'text' })
  route!: string;

  /** SHA-256 of the path, query and body: the same key with another request is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  /** `in_progress` while the first request runs, `done` once its answer is stored. */
  @Column({ type: 'text' })
  status!: 'in_progress' | 'done';

  /** True once a transaction of the first request committed (written inside that transaction). */
  @Column({ type: 'boolean', default: false })
  committed!: boolean;

  /** Until then a second request with the key is a concurrent duplicate (409). */
  @Column({ type: 'timestamptz' })
  lockedUntil!: Date;

  @Column({ type: 'int', nullable: true })
  responseStatus!: number | null;

  /**
   * The first answer's JSON, sealed (AES-256-GCM) with a key derived from the caller's key: an
   * answer may hold a secret shown once (`POST apps`), which the table alone never reveals.
   */
  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @Index('idempotency_keys_created_at_idx')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
