import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventLogRepository } from './event-log.repository';
import { EventLogService } from './event-log.service';
import { DATABASE_TARGET, DatabaseTarget, EventWakeup } from './event-wakeup';

/**
 * Writing the event log, for every module (global: each change's service appends its events in
 * its own transaction), and the wake-ups its commits send. Delivery is the events module's.
 */
@Global()
@Module({})
export class EventLogModule {
  static forRoot(target: DatabaseTarget): DynamicModule {
    return {
      module: EventLogModule,
      providers: [
        { provide: DATABASE_TARGET, useValue: target },
        EventLogRepository,
        EventLogService,
        EventWakeup,
      ],
      exports: [DATABASE_TARGET, EventLogRepository, EventLogService, EventWakeup],
    };
  }
}
