import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupModule } from '../group/group.module';
import { AnnouncementModule } from '../announcement/announcement.module';
import { GroupShareFileEntity } from './entities/group-share-file.entity';
import { ShareFileController } from './share-file.controller';
import { ShareFileRepository } from './share-file.repository';
import { ShareFileService } from './share-file.service';

/** Files shared in a group; the bytes go to the global `Storage`. */
@Module({
  imports: [AnnouncementModule, GroupModule, TypeOrmModule.forFeature([GroupShareFileEntity])],
  controllers: [ShareFileController],
  providers: [ShareFileRepository, ShareFileService],
  exports: [ShareFileService],
})
export class ShareFileModule {}
