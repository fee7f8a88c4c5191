import { MigrationInterface, QueryRunner } from 'typeorm';

export class Security1796644952648 implements MigrationInterface {
  name = 'Security1796644952648';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "auth_login_throttles" ("key" character(64) NOT NULL, "failures" integer NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lockouts" integer NOT NULL DEFAULT \'0\', "locked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d7adc1685d5e0648f1dac1078ad" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "idempotency_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "principal" text NOT NULL, "key_hash" character(64) NOT NULL, "route" text NOT NULL, "request_hash" character(64) NOT NULL, "status" text NOT NULL, "committed" boolean NOT NULL DEFAULT false, "locked_until" TIMESTAMP WITH TIME ZONE NOT NULL, "response_status" integer, "response" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" ("created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "idempotency_keys_principal_key_key" ON "idempotency_keys" ("principal", "key_hash") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idempotency_keys_principal_key_key"');
    await queryRunner.query('DROP INDEX "public"."idempotency_keys_created_at_idx"');
    await queryRunner.query('DROP TABLE "idempotency_keys"');
    await queryRunner.query('DROP TABLE "auth_login_throttles"');
  }
}
