import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactModule } from '../contact/contact.module';
import { WebhookBeforeSendModule } from '../webhook/webhook-before-send.module';
import { Clock } from './clock';
import { ContactListController } from './contact-list.controller';
import { ContactListService } from './contact-list.service';
import { ConversationMirrorListener } from './conversation-mirror.listener';
import { FileController } from './file.controller';
import { FileService } from './file.service';
import { MergedHistoryController } from './merged-history.controller';
import { MergedHistoryService } from './merged-history.service';
import { MessageController } from './message.controller';
import { MessagePresenter } from './message-presenter';
import { MessageRepository } from './message.repository';
import { MessageReadRepository } from './message-read.repository';
import { MessageSendRepository } from './message-send.repository';
import { MessageService } from './message.service';

@Module({
  imports: [AuthModule, ContactModule, WebhookBeforeSendModule],
  controllers: [MessageController, ContactListController, FileController, MergedHistoryController],
  providers: [
    Clock,
    MessageRepository,
    MessageSendRepository,
    MessageReadRepository,
    MessagePresenter,
    MessageService,
    ContactListService,
    ConversationMirrorListener,
    FileService,
    MergedHistoryService,
  ],
  exports: [MessageService, FileService, Clock, MergedHistoryService],
})
export class MessageModule {}
