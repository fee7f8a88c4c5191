import { MigrationInterface, QueryRunner } from 'typeorm';

export class GroupContent1795334824187 implements MigrationInterface {
  name = 'GroupContent1795334824187';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "group_share_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "file_name" text NOT NULL, "size" bigint NOT NULL, "mime_type" text NOT NULL, "sha256" character(64) NOT NULL, "storage_key" text NOT NULL, "restrict_access" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae6fdc274c3540851fa2a6fa3b0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "group_share_files_group_created_idx" ON "group_share_files" ("group_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "group_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "creator_id" uuid NOT NULL, "title" text NOT NULL, "content" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_10cbbe0a9732c5a6399f0431329" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "group_notices_group_created_idx" ON "group_notices" ("group_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "group_banners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "creator_id" uuid NOT NULL, "title" text, "content" text, "thumb_url" text, "webpage_url" text, "primary_content" text, "content_url" text, "light_app_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7b9bd97e2c7a8432b8cb10d23c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "group_banners_group_created_idx" ON "group_banners" ("group_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "group_announcements" ("group_id" uuid NOT NULL, "content" text NOT NULL, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5b92d8ffd491d828529f867fd60" PRIMARY KEY ("group_id"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "group_announcements"');
    await queryRunner.query('DROP INDEX "public"."group_banners_group_created_idx"');
    await queryRunner.query('DROP TABLE "group_banners"');
    await queryRunner.query('DROP INDEX "public"."group_notices_group_created_idx"');
    await queryRunner.query('DROP TABLE "group_notices"');
    await queryRunner.query('DROP INDEX "public"."group_share_files_group_created_idx"');
    await queryRunner.query('DROP TABLE "group_share_files"');
  }
}
