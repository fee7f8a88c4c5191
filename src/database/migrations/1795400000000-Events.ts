import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log. `xid` is the writing transaction's id: readers only read events whose
 * transaction is older than every transaction still running (`pg_snapshot_xmin`), so the order
 * (xid, id) never gains an event behind a cursor that already passed it. A group event names its
 * conversation and the seq it happened at (members whose history window covers that seq see it:
 * one row whatever the group's size); every other event lists its users in `event_recipients`.
 * No TypeORM entities: TypeORM does not know `xid8`.
 */
export class Events1795400000000 implements MigrationInterface {
  name = 'Events1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_log" ("id" bigserial PRIMARY KEY, "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(), "type" text NOT NULL, "conversation_id" uuid, "seq" integer, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(`CREATE INDEX "event_log_position_idx" ON "event_log" ("xid", "id")`);
    await queryRunner.query(
      `CREATE INDEX "event_log_conversation_idx" ON "event_log" ("conversation_id", "xid", "id") WHERE "conversation_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "event_log_created_at_idx" ON "event_log" ("created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_recipients" ("user_id" uuid NOT NULL, "xid" xid8 NOT NULL, "event_id" bigint NOT NULL REFERENCES "event_log" ("id") ON DELETE CASCADE, PRIMARY KEY ("user_id", "xid", "event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "event_recipients_event_idx" ON "event_recipients" ("event_id")`,
    );
    // The newest position the retention job has deleted up to: cursors at or before it are gone.
    await queryRunner.query(
      `CREATE TABLE "event_log_horizon" ("singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"), "xid" xid8 NOT NULL, "id" bigint NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "event_log_horizon" ("xid", "id") VALUES ('0'::xid8, 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_log_horizon"`);
    await queryRunner.query(`DROP TABLE "event_recipients"`);
    await queryRunner.query(`DROP TABLE "event_log"`);
  }
}
