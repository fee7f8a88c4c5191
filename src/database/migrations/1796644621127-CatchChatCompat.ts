import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatchChatCompat1796644621127 implements MigrationInterface {
  name = 'CatchChatCompat1796644621127';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "compat_int_ids" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "kind" character varying(32) NOT NULL, "uuid" uuid NOT NULL, CONSTRAINT "PK_751964df3707ef4f59d2d57572e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "compat_int_ids_kind_uuid_key" ON "compat_int_ids" ("kind", "uuid") ',
    );
    await queryRunner.query(
      'CREATE TABLE "catchchat_registrations" ("mobile" character varying(20) NOT NULL, "phone_code" character varying(4) NOT NULL, "username" character varying(16) NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_111d4747d380902826eb2a48f15" PRIMARY KEY ("mobile"))',
    );
    await queryRunner.query(
      'CREATE TABLE "catchchat_mobile_checks" ("user_id" uuid NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3f0a7bf9721b81a3c1c4a728476" PRIMARY KEY ("user_id"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "catchchat_mobile_checks"');
    await queryRunner.query('DROP TABLE "catchchat_registrations"');
    await queryRunner.query('DROP INDEX "public"."compat_int_ids_kind_uuid_key"');
    await queryRunner.query('DROP TABLE "compat_int_ids"');
  }
}
