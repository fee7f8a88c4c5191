import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GroupModule } from '../group/group.module';
import { MessageModule } from '../message/message.module';
import { NotificationRenderer } from './notification-renderer';
import { NotifyController } from './notify.controller';
import { NotifyRepository } from './notify.repository';
import { NotifyService } from './notify.service';

@Module({
  imports: [AuthModule, GroupModule, MessageModule],
  controllers: [NotifyController],
  providers: [NotificationRenderer, NotifyRepository, NotifyService],
  exports: [NotifyService],
})
export class NotifyModule {}
