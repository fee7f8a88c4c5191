import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A CatchChat registration between its two steps (`registration/create` sends the code,
 * `registration/update` brings it back): the account is created only when the code checks out.
 * The password is kept as its argon2id hash only.
 */
@Entity('catchchat_registrations')
export class CatchChatRegistrationEntity {
  /** E.164 number the code went to. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  mobile!: string;

  @Column({ type: 'varchar', length: 4 })
  phoneCode!: string;

  @Column({ type: 'varchar', length: 16 })
  username!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
