import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { MessageModule } from '../message/message.module';
import { NotifyModule } from '../notify/notify.module';
import { WebhookController } from './webhook.controller';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookQueue } from './webhook-queue';
import { WebhookRepository } from './webhook.repository';
import { WebhookService } from './webhook.service';

/** Apps' webhook endpoints: their management, and the durable queue that delivers to them. */
@Module({
  imports: [AuthModule, EventsModule, MessageModule, NotifyModule],
  controllers: [WebhookController],
  providers: [WebhookRepository, WebhookQueue, WebhookDeliveryService, WebhookService],
})
export class WebhookModule {}
