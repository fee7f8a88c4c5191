import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface MessageDraft {
  id: string;
  senderId: string;
  toUser: string | null;
  toGroup: string | null;
  messageType: 'image' | 'video';
  content: string | null;
  parentId: string | null;
  longitude: number | null;
  latitude: number | null;
  batteryLevel: number | null;
  uploadKey: string;
  uploadTokenHash: string | null;
}

interface DraftRow {
  id: string;
  sender_id: string;
  to_user: string | null;
  to_group: string | null;
  message_type: 'image' | 'video';
  content: string | null;
  parent_id: string | null;
  longitude: number | null;
  latitude: number | null;
  battery_level: number | null;
  upload_key: string;
  upload_token_hash: string | null;
}

/** How long a draft waits for its file. */
const DRAFT_LIFETIME = "interval '1 day'";

function toDraft(row: DraftRow): MessageDraft {
  return {
    id: row.id,
    senderId: row.sender_id,
    toUser: row.to_user,
    toGroup: row.to_group,
    messageType: row.message_type,
    content: row.content,
    parentId: row.parent_id,
    longitude: row.longitude,
    latitude: row.latitude,
    batteryLevel: row.battery_level,
    uploadKey: row.upload_key,
    uploadTokenHash: row.upload_token_hash,
  };
}

/** CatchChat's drafted image and video messages (table `catchchat_message_drafts`). */
@Injectable()
export class CatchChatDraftRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a draft; drafts left a day without their file are dropped on the way. */
  async create(draft: Omit<MessageDraft, 'id' | 'uploadTokenHash'>): Promise<MessageDraft> {
    await this.db.query(
      `DELETE FROM catchchat_message_drafts WHERE created_at < now() - ${DRAFT_LIFETIME}`,
    );
    const rows: DraftRow[] = await this.db.query(
      `INSERT INTO catchchat_message_drafts
         (sender_id, to_user, to_group, message_type, content, parent_id, longitude, latitude,
          battery_level, upload_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING *`,
      [
        draft.senderId,
        draft.toUser,
        draft.toGroup,
        draft.messageType,
        draft.content,
        draft.parentId,
        draft.longitude,
        draft.latitude,
        draft.batteryLevel,
        draft.uploadKey,
      ],
    );
    return toDraft(rows[0]);
  }

  /** A draft younger than a day. */
  async find(id: string): Promise<MessageDraft | null> {
    const rows: DraftRow[] = await this.db.query(
      `SELECT * FROM catchchat_message_drafts
        WHERE id = $1 AND created_at >= now() - ${DRAFT_LIFETIME}`,
      [id],
    );
    return rows[0] ? toDraft(rows[0]) : null;
  }

  /** Replaces the draft's upload token (only its hash is kept). */
  async setUploadTokenHash(id: string, hash: string): Promise<void> {
    await this.db.query(
      'UPDATE catchchat_message_drafts SET upload_token_hash = $2 WHERE id = $1',
      [id, hash],
    );
  }

  /**
   * The draft became `messageId`: it goes, and its integer alias now names the message. Only the
   * request that deletes the draft moves the alias (a concurrent completion finds nothing). An
   * alias the message got in between (someone read it by UUID within these milliseconds) gives
   * way, so the id the sender holds keeps naming his message.
   */
  async complete(id: string, messageId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deleted: unknown[] = await tx.query(
        'DELETE FROM catchchat_message_drafts WHERE id = $1 RETURNING id',
        [id],
      );
      if (deleted.length === 0) return;
      await tx.query("DELETE FROM compat_int_ids WHERE kind = 'message' AND uuid = $1", [
        messageId,
      ]);
      await tx.query("UPDATE compat_int_ids SET uuid = $2 WHERE kind = 'message' AND uuid = $1", [
        id,
        messageId,
      ]);
    });
  }
}
