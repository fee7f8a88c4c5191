import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One number of a user's uploaded address book: only the SHA-256 of the E.164 number and the
 * name it has in the book are kept. `matchedUserId` is the registered user owning the number
 * when the book was uploaded.
 */
@Entity('address_book_entries')
@Index('address_book_entries_matched_user_idx', ['matchedUserId'])
export class AddressBookEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  ownerId!: string;

  @PrimaryColumn({ type: 'char', length: 64 })
  numberHash!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'uuid', nullable: true })
  matchedUserId!: string | null;
}
