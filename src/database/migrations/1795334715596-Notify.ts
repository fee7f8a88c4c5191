import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notify1795334715596 implements MigrationInterface {
  name = 'Notify1795334715596';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL, "app_id" uuid NOT NULL, "app_name" character varying(100) NOT NULL, "receiver" character varying(8) NOT NULL, "group_id" uuid, "message_id" uuid, "recipient_count" integer NOT NULL, "title" character varying(100) NOT NULL, "subtitle" character varying(200), "content" text, "content_html" text, "content_type" character varying(16) NOT NULL, "url" character varying(2048), "actions" jsonb NOT NULL DEFAULT \'[]\', "sender" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notifications_app_id_idx" ON "notifications" ("app_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_recipients" ("notification_id" uuid NOT NULL, "user_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dc5211d456f98a47de5e069f477" PRIMARY KEY ("notification_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_recipients_unread_idx" ON "notification_recipients" ("user_id", "created_at") WHERE read_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_recipients_user_idx" ON "notification_recipients" ("user_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_recipients" ADD CONSTRAINT "FK_021580b5aa0ee301ee359752b45" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "notification_recipients" DROP CONSTRAINT "FK_021580b5aa0ee301ee359752b45"',
    );
    await queryRunner.query('DROP INDEX "public"."notification_recipients_user_idx"');
    await queryRunner.query('DROP INDEX "public"."notification_recipients_unread_idx"');
    await queryRunner.query('DROP TABLE "notification_recipients"');
    await queryRunner.query('DROP INDEX "public"."notifications_app_id_idx"');
    await queryRunner.query('DROP TABLE "notifications"');
  }
}
