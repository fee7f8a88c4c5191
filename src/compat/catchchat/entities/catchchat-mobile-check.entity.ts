import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A user's current number confirmed by its code (`user/check_verify_code`), which CatchChat's
 * `user/update_mobile` needs within a few minutes; used up by the change.
 */
@Entity('catchchat_mobile_checks')
export class CatchChatMobileCheckEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'timestamptz' })
  checkedAt!: Date;
}
