import { MigrationInterface, QueryRunner } from 'typeorm';

export class MayKnowCommonIds1796671382207 implements MigrationInterface {
  name = 'MayKnowCommonIds1796671382207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "may_know_rankings" ADD "common_ids" uuid array NOT NULL DEFAULT \'{}\'',
    );
    // Rankings stored before have no common friends: each is ranked again on its next read.
    await queryRunner.query('DELETE FROM "may_know_rankings"');
    await queryRunner.query(
      'UPDATE "may_know_states" SET "ranked" = false, "generation" = "generation" + 1',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "may_know_rankings" DROP COLUMN "common_ids"');
  }
}
