import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactModule } from '../contact/contact.module';
import { GroupModule } from '../group/group.module';
import { MessageModule } from '../message/message.module';
import { EventHub } from './event-hub.service';
import { EventRetentionService } from './event-retention.service';
import { EventSocketGateway } from './event-socket.gateway';
import { EventStreamService } from './event-stream.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { ReaderFactsSource } from './reader-facts.source';
import { RealtimeConnections } from './realtime-connections';
import { TypingRelay } from './typing-relay';
import { EventSocketController } from './event-socket.controller';

/** Delivery of the event log: long-poll, Server-Sent Events and WebSocket, with retention. */
@Module({
  imports: [AuthModule, ContactModule, GroupModule, MessageModule],
  controllers: [EventsController, EventSocketController],
  providers: [
    EventHub,
    EventsService,
    EventStreamService,
    EventSocketGateway,
    EventRetentionService,
    ReaderFactsSource,
    RealtimeConnections,
    TypingRelay,
  ],
  exports: [EventSocketGateway, EventHub, EventRetentionService],
})
export class EventsModule {}
