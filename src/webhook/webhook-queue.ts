import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { loggableError } from '../common/logging/logging';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EventWakeup } from '../events/event-wakeup';

/** A statement's events some webhook hears: write their deliveries (queued by a trigger). */
export const FANOUT_QUEUE = 'webhook-fanout';
/** Send the pending deliveries of one endpoint and user, in order. */
export const DELIVER_QUEUE = 'webhook-deliver';

export interface FanoutJob {
  event_ids: (string | number)[];
}

export interface DeliverJob {
  webhook_id: string;
  user_id: string;
}

/** Fan-out jobs taken at once (their events are fanned out in one statement). */
const FANOUT_BATCH = 100;

export interface QueueHandlers {
  fanout(eventIds: (string | number)[]): Promise<void>;
  deliver(job: DeliverJob): Promise<void>;
}

/**
 * pg-boss with its SQL run on TypeORM's own connection pool: on the embedded database (one
 * PostgreSQL session served to every connection, where the extended-protocol messages of two
 * connections interleave) Party holds a single connection, and pg-boss needs no connection of
 * its own (it polls, it does not LISTEN). Jobs are rows of the `pgboss` schema, written in the
 * transaction that needs them (the event-log trigger, the fan-out statement, the retry).
 */
@Injectable()
export class WebhookQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookQueue.name);
  private readonly boss: PgBoss;
  private handlers: QueueHandlers | null = null;
  private fanoutWorker: string | null = null;
  private stopWake: (() => void) | null = null;

  private readonly concurrency: number;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly wakeup: EventWakeup,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.concurrency = config.webhooks.concurrency;
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) },
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: 60,
      // Jobs are transient (the deliveries table is the log): finished ones go after an hour.
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 1,
    });
    this.boss.on('error', (error: Error) =>
      this.logger.warn({ err: loggableError(error) }, 'Webhook queue error'),
    );
  }

  /** Set by the delivery service before the app starts. */
  handle(handlers: QueueHandlers): void {
    this.handlers = handlers;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    for (const name of [FANOUT_QUEUE, DELIVER_QUEUE]) {
      if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
    }
    const handlers = this.handlers;
    // WEBHOOK_CONCURRENCY=0: this instance writes jobs (its commits do) but works none.
    if (!handlers || this.concurrency === 0) return;
    // pg-boss waits out its polling interval after every fetch unless the worker is notified:
    // a worker that found work notifies itself, so a backlog is worked without pauses.
    const fanout = await this.boss.work<FanoutJob>(
      FANOUT_QUEUE,
      { batchSize: FANOUT_BATCH, pollingIntervalSeconds: 0.5 },
      async (jobs) => {
        await handlers.fanout(jobs.flatMap((job) => job.data.event_ids));
        this.boss.notifyWorker(fanout);
      },
    );
    this.fanoutWorker = fanout;
    // Several endpoint+user queues are worked at once; each one is sent in order by itself.
    for (let i = 0; i < this.concurrency; i += 1) {
      const worker: string = await this.boss.work<DeliverJob>(
        DELIVER_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          await handlers.deliver(job.data);
          this.boss.notifyWorker(worker);
        },
      );
    }
    // A commit that wrote events wakes the fan-out at once instead of at its next poll.
    this.stopWake = this.wakeup.onWake(() => {
      if (this.fanoutWorker) this.boss.notifyWorker(this.fanoutWorker);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopWake?.();
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/**
 * SQL that queues a delivery job for the endpoint+user pairs of `pairs` (a relation with
 * `webhook_id` and `user_id`), `delayMs` from now: pg-boss's documented direct insert into its
 * job table, so that it commits with the statement that writes the deliveries.
 */
export function queueDeliverSql(pairs: string, delayMs: string): string {
  return `INSERT INTO pgboss.job (name, data, start_after, retry_limit, retry_delay, retry_backoff, expire_in, policy)
    SELECT '${DELIVER_QUEUE}', jsonb_build_object('webhook_id', p.webhook_id, 'user_id', p.user_id),
           now() + (${delayMs}) * interval '1 millisecond', 50, 2, true, interval '2 minutes', 'standard'
    FROM ${pairs} p`;
}
