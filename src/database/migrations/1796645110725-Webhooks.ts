import { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1796645110725 implements MigrationInterface {
  name = 'Webhooks1796645110725';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "app_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" text array NOT NULL, "before_send" boolean NOT NULL DEFAULT false, "secret" character varying(128) NOT NULL, "previous_secret" character varying(128), "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "on_failure" character varying(8) NOT NULL DEFAULT \'allow\', "timeout_ms" integer NOT NULL DEFAULT \'1500\', "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(32), "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "webhooks_app_id_idx" ON "webhooks" ("app_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "webhooks_app_before_send_key" ON "webhooks" ("app_id") WHERE before_send',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "event_id" bigint NOT NULL, "event_xid" bigint NOT NULL, "event_type" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "last_status_code" integer, "last_error" character varying(300), "first_attempt_at" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "leased_until" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_deliveries_log_idx" ON "webhook_deliveries" ("webhook_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_deliveries_queue_idx" ON "webhook_deliveries" ("webhook_id", "user_id", "status", "event_xid", "event_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "webhook_deliveries_event_key" ON "webhook_deliveries" ("webhook_id", "event_id", "user_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "webhooks" ADD CONSTRAINT "FK_8bb81e5461acd8515c582883c8c" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // The hook where event rows are written (every path, the one-statement send included): a
    // statement that logs events some enabled webhook subscribes to also queues one fan-out job
    // (pg-boss, schema pgboss) in its own transaction. The fan-out job writes the deliveries.
    await queryRunner.query(`CREATE FUNCTION webhook_enqueue_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids bigint[];
      BEGIN
        SELECT array_agg(n.id ORDER BY n.id) INTO ids FROM new_events n
        WHERE EXISTS (
          SELECT 1 FROM webhooks w WHERE w.enabled AND NOT w.before_send AND n.type = ANY (w.events));
        IF ids IS NOT NULL THEN
          INSERT INTO pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
          VALUES ('webhook-fanout', jsonb_build_object('event_ids', ids), 50, 2, true,
                  interval '5 minutes', 'standard');
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER webhook_fanout AFTER INSERT ON event_log
      REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION webhook_enqueue_fanout()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER webhook_fanout ON event_log');
    await queryRunner.query('DROP FUNCTION webhook_enqueue_fanout()');
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2"',
    );
    await queryRunner.query(
      'ALTER TABLE "webhooks" DROP CONSTRAINT "FK_8bb81e5461acd8515c582883c8c"',
    );
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_event_key"');
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_queue_idx"');
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_log_idx"');
    await queryRunner.query('DROP TABLE "webhook_deliveries"');
    await queryRunner.query('DROP INDEX "public"."webhooks_app_before_send_key"');
    await queryRunner.query('DROP INDEX "public"."webhooks_app_id_idx"');
    await queryRunner.query('DROP TABLE "webhooks"');
  }
}
