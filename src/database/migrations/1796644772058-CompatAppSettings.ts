import { MigrationInterface, QueryRunner } from 'typeorm';

export class CompatAppSettings1796644772058 implements MigrationInterface {
  name = 'CompatAppSettings1796644772058';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "compat_app_settings" ("app_id" uuid NOT NULL, "vendor" character varying(16) NOT NULL, "name" character varying(32) NOT NULL, "value" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_adf533e1de939c2b92eac8857dd" PRIMARY KEY ("app_id", "vendor", "name"))',
    );
    await queryRunner.query(
      'ALTER TABLE "compat_app_settings" ADD CONSTRAINT "FK_3fe584b70c8ea39212de0eae130" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "compat_app_settings" DROP CONSTRAINT "FK_3fe584b70c8ea39212de0eae130"',
    );
    await queryRunner.query('DROP TABLE "compat_app_settings"');
  }
}
