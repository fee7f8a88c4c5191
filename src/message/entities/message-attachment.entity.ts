import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which files a message carries (a file may be attached to several messages). */
@Entity('message_attachments')
@Index('message_attachments_file_id_idx', ['fileId'])
export class MessageAttachmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ type: 'uuid' })
  fileId!: string;

  @Column({ type: 'smallint', default: 0 })
  position!: number;
}
