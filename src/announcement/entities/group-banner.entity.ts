import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A banner pinned in a group (seed 002's banner): a card with optional text, image and links. */
@Entity('group_banners')
@Index('group_banners_group_created_idx', ['groupId', 'createdAt', 'id'])
export class GroupBannerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  groupId!: string;

  @Column({ type: 'uuid' })
  creatorId!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: true })
  content!: string | null;

  @Column({ type: 'text', nullable: true })
  thumbUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  webpageUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  primaryContent!: string | null;

  @Column({ type: 'text', nullable: true })
  contentUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  lightAppId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
