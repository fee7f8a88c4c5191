import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface BeforeSendHook {
  id: string;
  app_id: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  on_failure: 'allow' | 'reject';
  timeout_ms: number;
}

/** SQL of the before-send hooks (reads the apps and the sender's grants, like the fan-out). */
@Injectable()
export class WebhookBeforeSendRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async anyEnabled(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM webhooks WHERE before_send AND enabled LIMIT 1`,
    );
    return rows.length > 0;
  }

  /** The hooks that see this sender's messages: system apps', and those of apps he granted. */
  hooksFor(senderId: string): Promise<BeforeSendHook[]> {
    return this.dataSource.query(
      `SELECT w.id, w.app_id, w.url, w.secret, w.previous_secret, w.previous_secret_expires_at,
              w.on_failure, w.timeout_ms
       FROM webhooks w JOIN apps a ON a.id = w.app_id
       WHERE w.before_send AND w.enabled AND (a.is_system OR EXISTS (
         SELECT 1 FROM oauth_tokens t
         WHERE t.app_id = a.id AND t.user_id = $1 AND t.revoked_at IS NULL
           AND 'party_message' = ANY (t.scopes)
           AND (t.access_expires_at IS NULL OR t.access_expires_at > now()
                OR (t.refresh_token_hash IS NOT NULL AND t.refresh_rotated_at IS NULL
                    AND (t.refresh_expires_at IS NULL OR t.refresh_expires_at > now())))))
       ORDER BY w.created_at, w.id`,
      [senderId],
    );
  }
}
