import { MigrationInterface, QueryRunner } from 'typeorm';

export class Group1795334119599 implements MigrationInterface {
  name = 'Group1795334119599';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "owner_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'active\', "dissolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_659d1483316afb28afd3a90646e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "groups_owner_id_idx" ON "groups" ("owner_id") ');
    await queryRunner.query('CREATE INDEX "groups_created_at_idx" ON "groups" ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "group_merge_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_group_id" uuid NOT NULL, "target_group_id" uuid NOT NULL, "requester_id" uuid NOT NULL, "state" character varying(16) NOT NULL DEFAULT \'pending\', "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de727830d7903babc7762a21379" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "group_merge_requests_requester_idx" ON "group_merge_requests" ("requester_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "group_merge_requests_target_idx" ON "group_merge_requests" ("target_group_id", "state", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "group_merge_requests_pending_pair_key" ON "group_merge_requests" ("source_group_id", "target_group_id") WHERE state = \'pending\'',
    );
    await queryRunner.query(
      'CREATE TABLE "group_members" ("group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "state" character varying(16) NOT NULL DEFAULT \'active\', "blocked_at" TIMESTAMP WITH TIME ZONE, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "left_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f5939ee0ad233ad35e03f5c65c1" PRIMARY KEY ("group_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "group_members_user_id_idx" ON "group_members" ("user_id", "state") ',
    );
    await queryRunner.query(
      'ALTER TABLE "group_merge_requests" ADD CONSTRAINT "FK_17b8b14cee6a1f1b7d5861099b7" FOREIGN KEY ("source_group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "group_merge_requests" ADD CONSTRAINT "FK_94fb8b6a5bf0fca5b0502af794d" FOREIGN KEY ("target_group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "group_members" ADD CONSTRAINT "FK_2c840df5db52dc6b4a1b0b69c6e" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "group_members" DROP CONSTRAINT "FK_2c840df5db52dc6b4a1b0b69c6e"',
    );
    await queryRunner.query(
      'ALTER TABLE "group_merge_requests" DROP CONSTRAINT "FK_94fb8b6a5bf0fca5b0502af794d"',
    );
    await queryRunner.query(
      'ALTER TABLE "group_merge_requests" DROP CONSTRAINT "FK_17b8b14cee6a1f1b7d5861099b7"',
    );
    await queryRunner.query('DROP INDEX "public"."group_members_user_id_idx"');
    await queryRunner.query('DROP TABLE "group_members"');
    await queryRunner.query('DROP INDEX "public"."group_merge_requests_pending_pair_key"');
    await queryRunner.query('DROP INDEX "public"."group_merge_requests_target_idx"');
    await queryRunner.query('DROP INDEX "public"."group_merge_requests_requester_idx"');
    await queryRunner.query('DROP TABLE "group_merge_requests"');
    await queryRunner.query('DROP INDEX "public"."groups_created_at_idx"');
    await queryRunner.query('DROP INDEX "public"."groups_owner_id_idx"');
    await queryRunner.query('DROP TABLE "groups"');
  }
}
