import { MigrationInterface, QueryRunner } from 'typeorm';

export class Auth1795333671161 implements MigrationInterface {
  name = 'Auth1795333671161';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(16) NOT NULL, "username_lower" character varying(16) NOT NULL, "password_hash" text NOT NULL, "nickname" character varying(64) NOT NULL, "avatar_url" text, "email" character varying(254), "mobile" character varying(20), "phone_code" character varying(4), "time_zone" character varying(64) NOT NULL DEFAULT \'UTC\', "locale" character varying(8), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "users_username_lower_key" ON "users" ("username_lower") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "users_email_key" ON "users" ("email") WHERE email IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "users_mobile_key" ON "users" ("mobile") WHERE mobile IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "apps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" character varying(64) NOT NULL, "client_secret_hash" character(64) NOT NULL, "name" character varying(100) NOT NULL, "owner_id" uuid, "redirect_uris" text array NOT NULL DEFAULT \'{}\', "scopes" text array NOT NULL DEFAULT \'{}\', "is_system" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c5121fda0f8268f1f7f84134e19" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "apps_client_id_key" ON "apps" ("client_id") ');
    await queryRunner.query('CREATE INDEX "apps_owner_id_idx" ON "apps" ("owner_id") ');
    await queryRunner.query(
      'CREATE TABLE "oauth_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "access_token_hash" character(64) NOT NULL, "refresh_token_hash" character(64), "family_id" uuid NOT NULL, "user_id" uuid, "app_id" uuid, "scopes" text array NOT NULL, "grant_type" character varying(64) NOT NULL, "access_expires_at" TIMESTAMP WITH TIME ZONE, "refresh_expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_71c8b8060826696206f973554fd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "oauth_tokens_access_hash_key" ON "oauth_tokens" ("access_token_hash") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "oauth_tokens_refresh_hash_key" ON "oauth_tokens" ("refresh_token_hash") WHERE refresh_token_hash IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "oauth_tokens_family_id_idx" ON "oauth_tokens" ("family_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "oauth_tokens_user_id_idx" ON "oauth_tokens" ("user_id") ',
    );
    await queryRunner.query('CREATE INDEX "oauth_tokens_app_id_idx" ON "oauth_tokens" ("app_id") ');
    await queryRunner.query(
      'ALTER TABLE "apps" ADD CONSTRAINT "FK_5cdb895992892c7c350812a2b5f" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_tokens" ADD CONSTRAINT "FK_3e1f029633b2bfa8d72911be212" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_tokens" ADD CONSTRAINT "FK_708607e674fcef87e3220876eb1" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "oauth_tokens" DROP CONSTRAINT "FK_708607e674fcef87e3220876eb1"',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_tokens" DROP CONSTRAINT "FK_3e1f029633b2bfa8d72911be212"',
    );
    await queryRunner.query('ALTER TABLE "apps" DROP CONSTRAINT "FK_5cdb895992892c7c350812a2b5f"');
    await queryRunner.query('DROP INDEX "public"."oauth_tokens_app_id_idx"');
    await queryRunner.query('DROP INDEX "public"."oauth_tokens_user_id_idx"');
    await queryRunner.query('DROP INDEX "public"."oauth_tokens_family_id_idx"');
    await queryRunner.query('DROP INDEX "public"."oauth_tokens_refresh_hash_key"');
    await queryRunner.query('DROP INDEX "public"."oauth_tokens_access_hash_key"');
    await queryRunner.query('DROP TABLE "oauth_tokens"');
    await queryRunner.query('DROP INDEX "public"."apps_owner_id_idx"');
    await queryRunner.query('DROP INDEX "public"."apps_client_id_key"');
    await queryRunner.query('DROP TABLE "apps"');
    await queryRunner.query('DROP INDEX "public"."users_mobile_key"');
    await queryRunner.query('DROP INDEX "public"."users_email_key"');
    await queryRunner.query('DROP INDEX "public"."users_username_lower_key"');
    await queryRunner.query('DROP TABLE "users"');
  }
}
