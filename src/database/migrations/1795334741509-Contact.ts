import { MigrationInterface, QueryRunner } from 'typeorm';

export class Contact1795334741509 implements MigrationInterface {
  name = 'Contact1795334741509';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "friendships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "friend_id" uuid NOT NULL, "remarked_name" character varying(64), "contact_name" character varying(64), "rank_key" BIGSERIAL NOT NULL, "last_contacted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_08af97d0be72942681757f07bc8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "friendships_friend_id_idx" ON "friendships" ("friend_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "friendships_user_rank_idx" ON "friendships" ("user_id", "rank_key") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "friendships_user_friend_key" ON "friendships" ("user_id", "friend_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "friend_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "from_user_id" uuid NOT NULL, "to_user_id" uuid NOT NULL, "message" character varying(200), "state" character varying(16) NOT NULL DEFAULT \'pending\', "silenced" boolean NOT NULL DEFAULT false, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3827ba86ce64ecb4b90c92eeea6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "friend_requests_pending_pair_key" ON "friend_requests" ("from_user_id", "to_user_id") WHERE state = \'pending\'',
    );
    await queryRunner.query(
      'CREATE INDEX "friend_requests_from_user_idx" ON "friend_requests" ("from_user_id", "state", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "friend_requests_to_user_idx" ON "friend_requests" ("to_user_id", "state", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "friend_lists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_843677c4bb6b55af29936f1cfdb" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "friend_lists_owner_id_idx" ON "friend_lists" ("owner_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "friend_list_items" ("list_id" uuid NOT NULL, "friendship_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e90ba1fb9c5db4845e9f40b4bc" PRIMARY KEY ("list_id", "friendship_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "friend_list_items_friendship_id_idx" ON "friend_list_items" ("friendship_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user_blocks" ("blocker_id" uuid NOT NULL, "blocked_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_48667515438e7d0f0fed998b193" PRIMARY KEY ("blocker_id", "blocked_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "user_blocks_blocked_id_idx" ON "user_blocks" ("blocked_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "address_book_entries" ("owner_id" uuid NOT NULL, "number_hash" character(64) NOT NULL, "name" character varying(100) NOT NULL, "matched_user_id" uuid, CONSTRAINT "PK_7273dec686a295dc25caeffbe90" PRIMARY KEY ("owner_id", "number_hash"))',
    );
    await queryRunner.query(
      'CREATE INDEX "address_book_entries_matched_user_idx" ON "address_book_entries" ("matched_user_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "friend_list_items" ADD CONSTRAINT "FK_6ec7075e094590cf2ed4bcd11c5" FOREIGN KEY ("list_id") REFERENCES "friend_lists"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "friend_list_items" ADD CONSTRAINT "FK_855a65015d4c849c3e9a78ca2c4" FOREIGN KEY ("friendship_id") REFERENCES "friendships"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "friend_list_items" DROP CONSTRAINT "FK_855a65015d4c849c3e9a78ca2c4"',
    );
    await queryRunner.query(
      'ALTER TABLE "friend_list_items" DROP CONSTRAINT "FK_6ec7075e094590cf2ed4bcd11c5"',
    );
    await queryRunner.query('DROP INDEX "public"."address_book_entries_matched_user_idx"');
    await queryRunner.query('DROP TABLE "address_book_entries"');
    await queryRunner.query('DROP INDEX "public"."user_blocks_blocked_id_idx"');
    await queryRunner.query('DROP TABLE "user_blocks"');
    await queryRunner.query('DROP INDEX "public"."friend_list_items_friendship_id_idx"');
    await queryRunner.query('DROP TABLE "friend_list_items"');
    await queryRunner.query('DROP INDEX "public"."friend_lists_owner_id_idx"');
    await queryRunner.query('DROP TABLE "friend_lists"');
    await queryRunner.query('DROP INDEX "public"."friend_requests_to_user_idx"');
    await queryRunner.query('DROP INDEX "public"."friend_requests_from_user_idx"');
    await queryRunner.query('DROP INDEX "public"."friend_requests_pending_pair_key"');
    await queryRunner.query('DROP TABLE "friend_requests"');
    await queryRunner.query('DROP INDEX "public"."friendships_user_friend_key"');
    await queryRunner.query('DROP INDEX "public"."friendships_user_rank_idx"');
    await queryRunner.query('DROP INDEX "public"."friendships_friend_id_idx"');
    await queryRunner.query('DROP TABLE "friendships"');
  }
}
