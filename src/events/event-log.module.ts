import { Global, Module } from '@nestjs/common';
import { EventLogRepository } from './event-log.repository';
import { EventLogService } from './event-log.service';
import { EventWakeup } from './event-wakeup';

/**
 * Writing the event log, for every module (global: each change's service appends its events in
 * its own transaction), and the wake-ups its commits send. Delivery is the events module's.
 */
@Global()
@Module({
  providers: [EventLogRepository, EventLogService, EventWakeup],
  exports: [EventLogRepository, EventLogService, EventWakeup],
})
export class EventLogModule {}
