import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A group's announcement (one per group; an empty text means none). */
@Entity('group_announcements')
export class GroupAnnouncementEntity {
  @PrimaryColumn('uuid')
  groupId!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
