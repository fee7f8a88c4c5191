import { Module } from '@nestjs/common';
import { AnnouncementModule } from '../../announcement/announcement.module';
import { AuthModule } from '../../auth/auth.module';
import { ErrorRenderers } from '../../common/errors/error-renderers';
import { ShareFileModule } from '../../share-file/share-file.module';
import { CompatCoreModule } from '../compat-core.module';
import { AgoraController } from './agora.controller';
import { AgoraErrorRenderer } from './agora.envelope';
import { AgoraService } from './agora.service';

/** Seed 003 (Agora Chat) wire format. */
@Module({
  imports: [AuthModule, AnnouncementModule, ShareFileModule, CompatCoreModule],
  controllers: [AgoraController],
  providers: [AgoraService],
})
export class AgoraModule {
  constructor(renderers: ErrorRenderers) {
    renderers.register(new AgoraErrorRenderer());
  }
}
