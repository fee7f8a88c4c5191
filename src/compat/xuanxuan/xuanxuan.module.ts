import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { ErrorRenderers } from '../../common/errors/error-renderers';
import { GroupModule } from '../../group/group.module';
import { NotifyModule } from '../../notify/notify.module';
import { CompatCoreModule } from '../compat-core.module';
import { XuanxuanController } from './xuanxuan.controller';
import { XuanxuanErrorRenderer } from './xuanxuan.envelope';
import { XuanxuanService } from './xuanxuan.service';

/** Seed 001 (Xuanxuan) wire format. */
@Module({
  imports: [AuthModule, GroupModule, NotifyModule, CompatCoreModule],
  controllers: [XuanxuanController],
  providers: [XuanxuanService],
})
export class XuanxuanModule {
  constructor(renderers: ErrorRenderers) {
    renderers.register(new XuanxuanErrorRenderer());
  }
}
