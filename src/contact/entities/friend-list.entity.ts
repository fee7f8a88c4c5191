import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FriendshipEntity } from './friendship.entity';

/** A named list of one user's friends (seed 004's "groups" of friends, not chat groups). */
@Entity('friend_lists')
@Index('friend_lists_owner_id_idx', ['ownerId', 'createdAt'])
export class FriendListEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A friendship in a friend list; unfriending deletes the friendship and so every membership. */
@Entity('friend_list_items')
@Index('friend_list_items_friendship_id_idx', ['friendshipId'])
export class FriendListItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  listId!: string;

  @PrimaryColumn({ type: 'uuid' })
  friendshipId!: string;

  @ManyToOne(() => FriendListEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id' })
  list?: FriendListEntity;

  @ManyToOne(() => FriendshipEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'friendship_id' })
  friendship?: FriendshipEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}
