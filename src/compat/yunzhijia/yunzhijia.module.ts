import { Module } from '@nestjs/common';
import { AnnouncementModule } from '../../announcement/announcement.module';
import { AuthModule } from '../../auth/auth.module';
import { ErrorRenderers } from '../../common/errors/error-renderers';
import { GroupModule } from '../../group/group.module';
import { MessageModule } from '../../message/message.module';
import { YunzhijiaController } from './yunzhijia.controller';
import { YunzhijiaErrorRenderer } from './yunzhijia.envelope';
import { YunzhijiaService } from './yunzhijia.service';

/** Seed 002 (Yunzhijia) wire format. */
@Module({
  imports: [AuthModule, GroupModule, AnnouncementModule, MessageModule],
  controllers: [YunzhijiaController],
  providers: [YunzhijiaService],
})
export class YunzhijiaModule {
  constructor(renderers: ErrorRenderers) {
    renderers.register(new YunzhijiaErrorRenderer());
  }
}
