import { MigrationInterface, QueryRunner } from 'typeorm';

export class Message1795334250729 implements MigrationInterface {
  name = 'Message1795334250729';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "conversation_id" uuid NOT NULL, "seq" integer NOT NULL, "sender_id" uuid, "recipient_id" uuid, "message_type" character varying(32) NOT NULL, "content" text, "parent_id" uuid, "longitude" double precision, "latitude" double precision, "battery_level" smallint, "details" jsonb, "client_msg_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "messages_private_seq_idx" ON "messages" ("conversation_id", "seq") WHERE recipient_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "messages_sender_client_msg_id_key" ON "messages" ("sender_id", "client_msg_id") WHERE client_msg_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "messages_conversation_seq_key" ON "messages" ("conversation_id", "seq") ',
    );
    await queryRunner.query(
      'CREATE TABLE "message_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_59df246edfc1d9203ff93886000" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "message_reports_message_reporter_key" ON "message_reports" ("message_id", "reporter_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "message_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "storage_key" character varying(255) NOT NULL, "file_name" character varying(255), "mime" character varying(127) NOT NULL, "kind" character varying(8) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0c383dd49eca61f122709fb16d0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "message_files_owner_id_idx" ON "message_files" ("owner_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "message_attachments" ("message_id" uuid NOT NULL, "file_id" uuid NOT NULL, "position" smallint NOT NULL DEFAULT \'0\', CONSTRAINT "PK_542bea20091927eb79ee0ec18d3" PRIMARY KEY ("message_id", "file_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "message_attachments_file_id_idx" ON "message_attachments" ("file_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "merged_histories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "creator_id" uuid NOT NULL, "from_seq" integer NOT NULL, "to_seq" integer NOT NULL, "messages" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ac3ff981cac4c24e1a3c23c8d2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "merged_histories_group_id_idx" ON "merged_histories" ("group_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "conversations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(8) NOT NULL, "group_id" uuid, "user_low" uuid, "user_high" uuid, "name" character varying(64), "status" character varying(16) NOT NULL DEFAULT \'active\', "last_seq" integer NOT NULL DEFAULT \'0\', "last_message" jsonb, "last_message_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "conversations_group_id_key" ON "conversations" ("group_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "conversations_pair_key" ON "conversations" ("user_low", "user_high") ',
    );
    await queryRunner.query(
      'CREATE TABLE "conversation_members" ("conversation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "peer_user_id" uuid, "is_friend" boolean NOT NULL DEFAULT false, "joined_seq" integer NOT NULL DEFAULT \'0\', "left_seq" integer, "active" boolean NOT NULL DEFAULT true, "muted" boolean NOT NULL DEFAULT false, "last_read_seq" integer NOT NULL DEFAULT \'0\', "last_delivered_seq" integer NOT NULL DEFAULT \'0\', "pinned_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fa9076068b6f2a26fb793d2439" PRIMARY KEY ("conversation_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "conversation_members_user_id_idx" ON "conversation_members" ("user_id") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."conversation_members_user_id_idx"');
    await queryRunner.query('DROP TABLE "conversation_members"');
    await queryRunner.query('DROP INDEX "public"."conversations_pair_key"');
    await queryRunner.query('DROP INDEX "public"."conversations_group_id_key"');
    await queryRunner.query('DROP TABLE "conversations"');
    await queryRunner.query('DROP INDEX "public"."merged_histories_group_id_idx"');
    await queryRunner.query('DROP TABLE "merged_histories"');
    await queryRunner.query('DROP INDEX "public"."message_attachments_file_id_idx"');
    await queryRunner.query('DROP TABLE "message_attachments"');
    await queryRunner.query('DROP INDEX "public"."message_files_owner_id_idx"');
    await queryRunner.query('DROP TABLE "message_files"');
    await queryRunner.query('DROP INDEX "public"."message_reports_message_reporter_key"');
    await queryRunner.query('DROP TABLE "message_reports"');
    await queryRunner.query('DROP INDEX "public"."messages_conversation_seq_key"');
    await queryRunner.query('DROP INDEX "public"."messages_sender_client_msg_id_key"');
    await queryRunner.query('DROP INDEX "public"."messages_private_seq_idx"');
    await queryRunner.query('DROP TABLE "messages"');
  }
}
