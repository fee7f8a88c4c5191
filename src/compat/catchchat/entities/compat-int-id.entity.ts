import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The stable integer alias of a Party resource for clients that decode ids as integers
 * (CatchChat v4). Assigned the first time the resource is shown, never reused; one sequence for
 * all kinds, so an integer names one resource whatever its kind.
 */
@Entity('compat_int_ids')
@Index('compat_int_ids_kind_uuid_key', ['kind', 'uuid'], { unique: true })
export class CompatIntIdEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'uuid' })
  uuid!: string;
}
