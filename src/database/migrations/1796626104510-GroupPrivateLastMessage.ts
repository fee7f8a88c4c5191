import { MigrationInterface, QueryRunner } from 'typeorm';

export class GroupPrivateLastMessage1796626104510 implements MigrationInterface {
  name = 'GroupPrivateLastMessage1796626104510';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "conversation_members" ADD "last_private_message" jsonb');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "conversation_members" DROP COLUMN "last_private_message"',
    );
  }
}
