import { Module } from '@nestjs/common';
import { WebhookBeforeSendRepository } from './webhook-before-send.repository';
import { WebhookBeforeSendService } from './webhook-before-send.service';

/**
 * The before-send hooks alone, for the message module's send path: it needs neither the queue
 * nor the notification center, which themselves depend on the message module.
 */
@Module({
  providers: [WebhookBeforeSendRepository, WebhookBeforeSendService],
  exports: [WebhookBeforeSendService],
})
export class WebhookBeforeSendModule {}
