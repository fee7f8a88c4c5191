import { MigrationInterface, QueryRunner } from 'typeorm';

export class MayKnowRankings1796655064820 implements MigrationInterface {
  name = 'MayKnowRankings1796655064820';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "may_know_states" ("user_id" uuid NOT NULL, "generation" integer NOT NULL DEFAULT \'0\', "ranked" boolean NOT NULL DEFAULT false, "total" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_bd4db5afa9dbc26ea47418b0719" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "may_know_rankings" ("user_id" uuid NOT NULL, "generation" integer NOT NULL, "position" integer NOT NULL, "candidate_id" uuid NOT NULL, "common_count" integer NOT NULL, "book_matches" integer NOT NULL, "book_name" character varying(100), CONSTRAINT "PK_635cc335ccfd963702c2c4b4107" PRIMARY KEY ("user_id", "generation", "position"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "may_know_rankings"');
    await queryRunner.query('DROP TABLE "may_know_states"');
  }
}
