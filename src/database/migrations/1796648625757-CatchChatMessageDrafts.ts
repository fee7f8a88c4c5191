import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatchChatMessageDrafts1796648625757 implements MigrationInterface {
  name = 'CatchChatMessageDrafts1796648625757';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "catchchat_message_drafts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sender_id" uuid NOT NULL, "to_user" uuid, "to_group" uuid, "message_type" character varying(8) NOT NULL, "content" text, "parent_id" uuid, "longitude" double precision, "latitude" double precision, "battery_level" smallint, "upload_key" character varying(64) NOT NULL, "upload_token_hash" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7bc44b05fdef843b96ecfae357" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "catchchat_message_drafts_created_at_idx" ON "catchchat_message_drafts" ("created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "catchchat_message_drafts" ADD CONSTRAINT "FK_c4baf74635475957065249572f0" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "catchchat_message_drafts" DROP CONSTRAINT "FK_c4baf74635475957065249572f0"',
    );
    await queryRunner.query('DROP INDEX "public"."catchchat_message_drafts_created_at_idx"');
    await queryRunner.query('DROP TABLE "catchchat_message_drafts"');
  }
}
