import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { loggableError } from '../common/logging/logging';
import { EventLogRepository } from './event-log.repository';

const RUN_EVERY_MS = 60 * 60 * 1000;
const BATCH = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes events older than `EVENT_RETENTION_DAYS`, in batches, at start and hourly; cursors
 * before what it deleted answer 410 `cursor_expired`.
 */
@Injectable()
export class EventRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventRetentionService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: EventLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runSafely(), RUN_EVERY_MS);
    this.timer.unref();
    setTimeout(() => void this.runSafely(), 5_000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes everything older than the retention; answers how many events went. */
  async purge(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.events.retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const deleted = await this.repository.deleteBefore(before, BATCH);
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }

  private async runSafely(): Promise<void> {
    try {
      await this.purge();
    } catch (error) {
      this.logger.warn({ err: loggableError(error) }, 'Event retention failed');
    }
  }
}
