import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthFlows1795334703140 implements MigrationInterface {
  name = 'AuthFlows1795334703140';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "verify_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phone" character varying(20) NOT NULL, "purpose" character varying(16) NOT NULL, "code_hash" character(64) NOT NULL, "salt" character varying(32) NOT NULL, "failed_attempts" integer NOT NULL DEFAULT \'0\', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_321d3f831892a0af045143c4e7b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "verify_codes_phone_created_idx" ON "verify_codes" ("phone", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_browser_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "secret_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0f351187b69c418e647b497511e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "auth_browser_sessions_hash_key" ON "auth_browser_sessions" ("secret_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "auth_browser_sessions_user_id_idx" ON "auth_browser_sessions" ("user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "oauth_authorization_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code_hash" character(64) NOT NULL, "app_id" uuid NOT NULL, "user_id" uuid NOT NULL, "redirect_uri" text NOT NULL, "scopes" text array NOT NULL, "code_challenge" character varying(128), "code_challenge_method" character varying(8), "family_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_441350d3fce3606534fbb2c1197" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "oauth_authorization_codes_hash_key" ON "oauth_authorization_codes" ("code_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "oauth_authorization_codes_app_id_idx" ON "oauth_authorization_codes" ("app_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "oauth_authorization_codes_user_id_idx" ON "oauth_authorization_codes" ("user_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_tokens" ADD "refresh_rotated_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "auth_browser_sessions" ADD CONSTRAINT "FK_a20e4fbe0d3afa2651230b35666" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_authorization_codes" ADD CONSTRAINT "FK_e7c26f05f40fd78c69ac62726ca" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_authorization_codes" ADD CONSTRAINT "FK_1b5d11edec13074db58972ed81e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "oauth_authorization_codes" DROP CONSTRAINT "FK_1b5d11edec13074db58972ed81e"',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_authorization_codes" DROP CONSTRAINT "FK_e7c26f05f40fd78c69ac62726ca"',
    );
    await queryRunner.query(
      'ALTER TABLE "auth_browser_sessions" DROP CONSTRAINT "FK_a20e4fbe0d3afa2651230b35666"',
    );
    await queryRunner.query('ALTER TABLE "oauth_tokens" DROP COLUMN "refresh_rotated_at"');
    await queryRunner.query('DROP INDEX "public"."oauth_authorization_codes_user_id_idx"');
    await queryRunner.query('DROP INDEX "public"."oauth_authorization_codes_app_id_idx"');
    await queryRunner.query('DROP INDEX "public"."oauth_authorization_codes_hash_key"');
    await queryRunner.query('DROP TABLE "oauth_authorization_codes"');
    await queryRunner.query('DROP INDEX "public"."auth_browser_sessions_user_id_idx"');
    await queryRunner.query('DROP INDEX "public"."auth_browser_sessions_hash_key"');
    await queryRunner.query('DROP TABLE "auth_browser_sessions"');
    await queryRunner.query('DROP INDEX "public"."verify_codes_phone_created_idx"');
    await queryRunner.query('DROP TABLE "verify_codes"');
  }
}
